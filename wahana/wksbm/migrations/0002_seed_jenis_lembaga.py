"""Seed the kinds of member institution named in the WKSBM issue. Re-running keeps names that an
operator has since edited (only missing kinds are added); reversing removes only unused ones."""

from django.db import migrations

JENIS_LEMBAGA = [
    ("majelis-taklim", "Majelis taklim/pengajian"),
    ("kelompok-gereja", "Kelompok gereja"),
    ("pkk-dasawisma", "PKK/Dasawisma"),
    ("karang-taruna", "Karang Taruna"),
    ("arisan", "Arisan"),
    ("rukun-kematian", "Rukun kematian"),
    ("kelompok-tani", "Kelompok tani/KUBE/koperasi"),
    ("posyandu", "Posyandu"),
    ("lembaga-adat", "Lembaga adat (Dewan Adat Dayak, kedamangan, mantir)"),
    ("lks", "LKS (Lembaga Kesejahteraan Sosial)"),
    ("lainnya", "Lainnya"),
]


def seed(apps, schema_editor):
    JenisLembaga = apps.get_model("wksbm", "JenisLembaga")
    for urutan, (kode, nama) in enumerate(JENIS_LEMBAGA, start=1):
        JenisLembaga.objects.get_or_create(kode=kode, defaults={"nama": nama, "urutan": urutan * 10})


def unseed(apps, schema_editor):
    JenisLembaga = apps.get_model("wksbm", "JenisLembaga")
    LembagaAnggota = apps.get_model("wksbm", "LembagaAnggota")
    used = LembagaAnggota.objects.values("jenis_id")
    JenisLembaga.objects.filter(kode__in=[k for k, _ in JENIS_LEMBAGA]).exclude(
        pk__in=used
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("wksbm", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
