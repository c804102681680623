"""Seed the 26 kinds of PPKS and 12 kinds of PSKS (Permensos 08/2012) from wahana/ppks/data/.

Refuses to run when a file does not hold the expected number of kinds: a truncated copy must not
silently become the reference list. Existing rows (edited by an operator) are left as they are."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str, expected: int) -> list[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if len(rows) != expected or len({r["kode"] for r in rows}) != expected:
        raise RuntimeError(f"{name}: {expected} jenis diharapkan, {len(rows)} ditemukan.")
    return rows


def seed(apps, schema_editor):
    JenisPpks = apps.get_model("ppks", "JenisPpks")
    JenisPsks = apps.get_model("ppks", "JenisPsks")
    for row in _rows("jenis_ppks.csv", 26):
        JenisPpks.objects.get_or_create(
            kode=row["kode"], defaults={"nama": row["nama"], "kelompok": row["kelompok"]}
        )
    for row in _rows("jenis_psks.csv", 12):
        JenisPsks.objects.get_or_create(
            kode=row["kode"], defaults={"nama": row["nama"], "bentuk": row["bentuk"]}
        )


class Migration(migrations.Migration):
    dependencies = [("ppks", "0001_ppks")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
