"""The reference data a field phone keeps for offline work: only the user's own scope, and
PPKS with masked NIK only."""

from django.core.exceptions import PermissionDenied

from wahana.akun.scope import region_q, visible_to
from wahana.kegiatan.models import Kegiatan
from wahana.lib import kode as kodelib
from wahana.ppks.models import JenisPpks, Ppks
from wahana.ppks.selectors import ppks_list_visible_to
from wahana.wilayah.models import Wilayah
from wahana.wksbm.models import PengurusWksbm, Wksbm

from .akses import can_capture
from .services import ppks_version


def referensi_for(user) -> dict:
    if not can_capture(user):
        raise PermissionDenied("Data lapangan hanya untuk PSM, pengurus WKSBM dan TKSK.")
    desa = Wilayah.objects.filter(region_q(user.kode_wilayah, "kode"), tingkat=kodelib.TINGKAT_DESA)
    ppks = ppks_list_visible_to(user).filter(status=Ppks.Status.AKTIF).order_by("nama", "pk")
    return {
        "pengguna": {
            "id": user.pk,
            "username": user.username,
            "peran": user.peran,
            "kode_wilayah": user.kode_wilayah,
        },
        "desa": [{"kode": w.kode, "nama": w.nama} for w in desa.order_by("nama")],
        "wksbm": [
            {"id": w.pk, "nama": w.nama, "kode_wilayah": w.kode_wilayah}
            for w in visible_to(Wksbm.objects.all(), user).order_by("nama")
        ],
        "pengurus": [
            {"id": p.pk, "wksbm_id": p.wksbm_id, "nama": p.nama, "jabatan": p.jabatan}
            for p in visible_to(PengurusWksbm.objects.filter(aktif=True), user)
        ],
        "ppks": [
            {
                "id": p.pk,
                "nama": p.nama,
                "nik_samaran": p.nik_samaran,
                "kode_wilayah": p.kode_wilayah,
                "dusun": p.dusun,
                "rt": p.rt,
                "rw": p.rw,
                "alamat": p.alamat,
                "kebutuhan": p.kebutuhan,
                "versi": ppks_version(p),
            }
            for p in ppks
        ],
        "jenis_ppks": [{"kode": j.kode, "nama": j.nama} for j in JenisPpks.objects.berlaku()],
        "jenis_kegiatan": [{"kode": k, "nama": str(n)} for k, n in Kegiatan.Jenis.choices],
        "sumber_dana": [{"kode": k, "nama": str(n)} for k, n in Kegiatan.SumberDana.choices],
    }
