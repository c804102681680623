"""Carry each kabupaten's report deadline from the index weights (`BobotIndeks.batas_hari_laporan`)
to the WKSBM registry (`wksbm.BatasLaporan`), where the pendamping report pages read it without
depending on pantau. Every month keeps the deadline it had: a kabupaten's versions are read in
order, the last version of a month gives that month's day, and a row is written for each month
whose day differs from the one before it (5 before the first), with who set it and when.

Refused, naming the rows, when a day is outside 1..28 (a deadline every month has) or when a
version applies from an earlier month than the version before it (the highest version and the
latest month would then give different answers). Reversing writes the day applying to each
weights version's month back onto it and empties the registry's table; refused when a deadline starts in a month where the
kabupaten has no weights version to carry it."""

from itertools import groupby

from django.db import migrations

HARI_BAWAAN = 5
HARI_MAKS = 28


def _per_bulan(versi):
    """{month: (day, set by, set at)} from a kabupaten's versions in order; the last one of a
    month wins, as it did for the whole month."""
    hasil, mulai_lama = {}, None
    for kabupaten, nomor, mulai, hari, oleh, dibuat in versi:
        if mulai_lama is not None and mulai < mulai_lama:
            raise RuntimeError(
                f"BobotIndeks {kabupaten} v{nomor} berlaku mulai {mulai:%Y-%m}, sebelum versi "
                f"sebelumnya ({mulai_lama:%Y-%m}): perbaiki urutan versi sebelum migrasi ini."
            )
        mulai_lama = mulai
        hasil[mulai] = (hari, oleh, dibuat)
    return hasil


def pindahkan(apps, schema_editor):
    BobotIndeks = apps.get_model("pantau", "BobotIndeks")
    BatasLaporan = apps.get_model("wksbm", "BatasLaporan")
    rows = list(
        BobotIndeks.objects.order_by("wilayah_id", "versi").values_list(
            "wilayah_id", "versi", "berlaku_mulai", "batas_hari_laporan", "dibuat_oleh_id", "dibuat"
        )
    )
    salah = [f"{k} v{v}: {h}" for k, v, _m, h, _o, _d in rows if not 1 <= h <= HARI_MAKS]
    if salah:
        raise RuntimeError(
            f"Batas hari laporan di luar 1..{HARI_MAKS} pada BobotIndeks {', '.join(salah)}: "
            "perbaiki dulu sebelum migrasi ini."
        )
    for kabupaten, versi in groupby(rows, key=lambda row: row[0]):
        sebelumnya = HARI_BAWAAN
        for mulai, (hari, oleh, dibuat) in sorted(_per_bulan(versi).items()):
            if hari == sebelumnya:
                continue
            sebelumnya = hari
            obj = BatasLaporan.objects.create(
                wilayah_id=kabupaten, berlaku_mulai=mulai, hari=hari, dibuat_oleh_id=oleh
            )
            # auto_now_add stamped it now: keep when the kabupaten set it.
            BatasLaporan.objects.filter(pk=obj.pk).update(dibuat=dibuat)


def kembalikan(apps, schema_editor):
    BobotIndeks = apps.get_model("pantau", "BobotIndeks")
    BatasLaporan = apps.get_model("wksbm", "BatasLaporan")
    bulan_bobot = set(BobotIndeks.objects.values_list("wilayah_id", "berlaku_mulai"))
    batas = list(
        BatasLaporan.objects.order_by("wilayah_id", "-berlaku_mulai").values_list(
            "wilayah_id", "berlaku_mulai", "hari"
        )
    )
    hilang = [f"{k} {m:%Y-%m}" for k, m, _h in batas if (k, m) not in bulan_bobot]
    if hilang:
        raise RuntimeError(
            f"Batas laporan tanpa versi bobot pada bulannya ({', '.join(hilang)}) akan hilang: "
            "migrasi ini tidak dapat dibalik."
        )
    for bobot in BobotIndeks.objects.all():
        bobot.batas_hari_laporan = next(
            (
                hari
                for k, mulai, hari in batas
                if k == bobot.wilayah_id and mulai <= bobot.berlaku_mulai
            ),
            HARI_BAWAAN,
        )
        bobot.save(update_fields=["batas_hari_laporan"])
    # Carried back: the forward step writes them again.
    BatasLaporan.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pantau", "0003_kelengkapan_pendamping"),
        ("wksbm", "0004_batas_laporan"),
    ]

    operations = [migrations.RunPython(pindahkan, kembalikan)]
