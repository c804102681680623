"""Which letterhead a report carries: the Kop of its kabupaten, else of its province, else one
made from the official region names (so a report is never without a heading)."""

from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from .models import Kop


def kop_for(kode: str) -> Kop:
    parts = kode.split(".") if kode else []
    candidates = [".".join(parts[:2])] if len(parts) >= 2 else []
    candidates += [parts[0]] if parts else []
    found = {k.wilayah_id: k for k in Kop.objects.filter(wilayah_id__in=candidates)}
    for code in candidates:
        if code in found:
            return found[code]
    return kop_default(candidates[0] if candidates else "")


def kop_default(kode: str) -> Kop:
    """An unsaved Kop from the region's name: "PEMERINTAH KABUPATEN GUNUNG MAS"."""
    wilayah = Wilayah.objects.filter(kode=kode).first() if kode else None
    if wilayah is None:
        return Kop(pemerintah="Republik Indonesia", nama_instansi="Kementerian Sosial")
    if kodelib.tingkat(kode) == kodelib.TINGKAT_PROVINSI:
        pemerintah = f"Pemerintah Provinsi {wilayah.nama}"
    else:
        pemerintah = f"Pemerintah {wilayah.nama_lengkap}"
    kota = wilayah.nama.removeprefix("Kabupaten ").removeprefix("Kota ")
    return Kop(wilayah=wilayah, pemerintah=pemerintah, nama_instansi="Dinas Sosial", kota=kota)
