"""The dashboard map: region boundaries from a GeoJSON file, matched to region codes and
simplified for storage; drawn as inline SVG (longitude/latitude projected as plain x/y)."""

import re

from django.db import transaction

from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from .models import BatasWilayah

# Feature properties that may hold the region code, in the order they are tried.
PROPERTI_KODE = ("kode", "kode_wilayah", "code", "KDEPUM", "kdepum", "KODE", "id", "ADM_CODE")
# At most this many points per ring are kept (every n-th point), enough for a dashboard map.
TITIK_MAKS = 200
PETA_LEBAR = 600


def normalize_kode(value) -> str | None:
    """'62.10.02' as is; digits only ('621002', '6210022003') dotted by position."""
    text = str(value or "").strip()
    if kodelib.is_valid(text):
        return text
    if re.fullmatch(r"\d{2}|\d{4}|\d{6}|\d{10}", text):
        parts = [text[0:2], text[2:4], text[4:6], text[6:10]]
        return ".".join(p for p in parts if p)
    return None


def _simplify(ring: list) -> list:
    step = max(1, len(ring) // TITIK_MAKS)
    kept = ring[::step]
    if kept[-1] != ring[-1]:
        kept.append(ring[-1])
    return [[round(float(x), 5), round(float(y), 5)] for x, y, *_rest in kept]


def _rings(geometry: dict) -> list:
    kind = (geometry or {}).get("type")
    coords = (geometry or {}).get("coordinates") or []
    if kind == "Polygon":
        return [_simplify(ring) for ring in coords if ring]
    if kind == "MultiPolygon":
        return [_simplify(ring) for polygon in coords for ring in polygon if ring]
    return []


@transaction.atomic
def batas_load(data: dict) -> dict:
    """Store the boundary of every feature whose code matches a region; report the rest."""
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise ValueError("Berkas bukan GeoJSON FeatureCollection.")
    cocok, tidak_cocok = [], []
    for index, feature in enumerate(features):
        props = feature.get("properties") or {}
        kode = next(
            (normalize_kode(props[k]) for k in PROPERTI_KODE if normalize_kode(props.get(k))),
            None,
        )
        rings = _rings(feature.get("geometry"))
        label = kode or props.get("nama") or props.get("name") or f"fitur #{index + 1}"
        (cocok if kode and rings else tidak_cocok).append((kode, rings, label))
    ada = set(
        Wilayah.objects.filter(kode__in=[k for k, _r, _l in cocok]).values_list("kode", flat=True)
    )
    dimuat = 0
    for kode, rings, label in cocok:
        if kode not in ada:
            tidak_cocok.append((kode, rings, label))
            continue
        xs = [x for ring in rings for x, _y in ring]
        ys = [y for ring in rings for _x, y in ring]
        BatasWilayah.objects.update_or_create(
            wilayah_id=kode,
            defaults={
                "poligon": rings,
                "min_lon": min(xs),
                "max_lon": max(xs),
                "min_lat": min(ys),
                "max_lat": max(ys),
            },
        )
        dimuat += 1
    return {"dimuat": dimuat, "tidak_cocok": [label for _k, _r, label in tidak_cocok]}


def peta_svg(batas: list[BatasWilayah], warna: dict[str, str]) -> dict | None:
    """SVG paths of the given boundaries in one viewBox; `warna`: status class per code."""
    if not batas:
        return None
    min_lon = min(b.min_lon for b in batas)
    max_lon = max(b.max_lon for b in batas)
    min_lat = min(b.min_lat for b in batas)
    max_lat = max(b.max_lat for b in batas)
    skala = PETA_LEBAR / max(max_lon - min_lon, 1e-9)
    tinggi = round((max_lat - min_lat) * skala) or 1
    paths = []
    for b in batas:
        d = " ".join(
            "M"
            + " L".join(f"{(x - min_lon) * skala:.1f},{(max_lat - y) * skala:.1f}" for x, y in ring)
            + " Z"
            for ring in b.poligon
        )
        paths.append({"kode": b.wilayah_id, "d": d, "kelas": warna.get(b.wilayah_id, "")})
    return {"lebar": PETA_LEBAR, "tinggi": tinggi, "paths": paths}
