"""Periodic job of the bimtek app, run by the background worker (wahana/tugas)."""

from wahana.tugas.registry import berkala

from . import services


@berkala("bimtek.tindak_lanjut", seconds=24 * 3600)
def tindak_lanjut(tugas, **_kwargs):
    """Follow-up tasks for the TKSK of trained desa that did not wake up, for every event whose
    six months after are over (services.bimtek_perlu_dinilai); once per event and desa."""
    total = {"bimtek": 0, "dibuat": 0, "sudah_ada": 0, "tanpa_tksk": 0}
    for bimtek in services.bimtek_perlu_dinilai():
        hasil = services.tindak_lanjut_bimtek_create(acting_user=None, bimtek=bimtek)
        total["bimtek"] += 1
        for key in ("dibuat", "sudah_ada", "tanpa_tksk"):
            total[key] += hasil[key]
    tugas.set_progress(100, f"{total['bimtek']} bimtek, {total['dibuat']} tindak lanjut baru")
    return total
