"""Permission matrix of the job pages: a job and its file belong to the one who asked for it;
everyone else (even a wider scope) gets 404."""

from wahana.akun.testing import Case, expect


def build(world):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from wahana.berkas.models import Berkas
    from wahana.tugas.models import Tugas

    berkas = Berkas(
        wilayah_id="62.10",
        jenis=Berkas.Jenis.DOKUMEN,
        nama_asli="rekap.pdf",
        tipe_mime="application/pdf",
        ekstensi=".pdf",
        ukuran=8,
        sha256="0" * 64,
        diunggah=timezone.now(),
    )
    berkas.berkas.save("x", ContentFile(b"%PDF-1.4"), save=False)
    berkas.save()
    world.tugas_selesai = Tugas.objects.create(
        nama="tugas.bersihkan",
        status=Tugas.Status.SELESAI,
        progres=100,
        berkas=berkas,
        diminta_oleh=world.personas.operator,
        wilayah_id="62.10",
    )


CASES = [
    Case(
        "tugas detail (requester only)",
        "GET",
        "/tugas/{tugas_selesai.pk}/",
        expect(ok=("operator",)),
    ),
    Case(
        "tugas unduh (requester only)",
        "GET",
        "/tugas/{tugas_selesai.pk}/unduh/",
        expect(ok=("operator",)),
    ),
]
