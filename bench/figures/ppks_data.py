"""Fictional PPKS of Gunung Mas (62.10) at bench sizes: import files (XLSX, CSV) with
valid-format NIKs, and records written straight into the database for the list pages.

Deterministic (fixed seed), clearly fictional names; every NIK is 62 10 <kecamatan> <birth date,
+40 on the day for women> <serial>, the serial counting up per kecamatan and birth date (as
the civil registry's does), so every NIK is unique."""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Iterator
from pathlib import Path

from bench.core import ROOT

KABUPATEN = "62.10"
SEED = 621011
DEPAN_L = ["Agustinus", "Yohanes", "Markus", "Natalis", "Rinto", "Ahmad", "Muhammad", "Sabran",
           "Hendra", "Yusuf", "Petrus", "Tingang", "Ulin", "Dehen", "Bajik", "Elias"]  # fmt: skip
DEPAN_P = ["Maria", "Yohana", "Siti", "Natalia", "Rini", "Yuliana", "Elisabet", "Marlina",
           "Lusiana", "Salmah", "Kristina", "Agnes", "Ester", "Inang", "Dewi"]  # fmt: skip
KELUARGA = ["Lambung", "Nyahu", "Pahu", "Ambun", "Tundan", "Rangka", "Dagang", "Riwut",
            "Bungai", "Tuah", "Usup", "Asang", "Sanden", "Mihing", "Tarung", "Rahan"]  # fmt: skip
JENIS = ["24", "08", "09", "02", "23", "21", "26", "19", "24; 23", "08; 09"]
COLUMNS = ["nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "kecamatan",
           "desa", "dusun", "rt", "rw", "jenis_ppks", "status_dtsen", "desil_dtsen"]  # fmt: skip


def desa_of_gunung_mas() -> list[tuple[str, str, str]]:
    """(kode desa, desa name, kecamatan name) from the official lists the app loads."""
    data = ROOT / "wahana" / "wilayah" / "data"
    with open(data / "districts.csv", newline="") as handle:
        kecamatan = {r["code"]: r["name"] for r in csv.DictReader(handle)}
    with open(data / "villages.csv", newline="") as handle:
        return [
            (r["code"], r["name"], kecamatan[r["district_code"]])
            for r in csv.DictReader(handle)
            if r["code"].startswith(KABUPATEN + ".")
        ]


def people(count: int) -> Iterator[dict]:
    """`count` fictional people, households of ~4 sharing a No KK. Desa names that occur in two
    kecamatan are written with their kecamatan (as the template asks)."""
    rng = random.Random(SEED)
    desa = desa_of_gunung_mas()
    serials: dict[tuple[str, datetime.date], int] = {}
    for number in range(count):
        kode, nama_desa, nama_kecamatan = desa[number % len(desa)]
        perempuan = rng.random() < 0.5
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(0, 29000))
        day = born.day + (40 if perempuan else 0)
        kecamatan_digits = kode[:8].replace(".", "")
        serial = serials[kecamatan_digits, born] = serials.get((kecamatan_digits, born), 0) + 1
        nik = f"{kecamatan_digits}{day:02d}{born:%m%y}{serial:04d}"
        household = number // 4
        no_kk = f"{kecamatan_digits}0101{(household // 9999) % 100:02d}{household % 9999 + 1:04d}"
        depan = rng.choice(DEPAN_P if perempuan else DEPAN_L)
        yield {
            "kode": kode,
            "nik": nik,
            "no_kk": no_kk,
            "nama": f"{depan} {rng.choice(KELUARGA)} {rng.choice(KELUARGA)}",
            "jenis_kelamin": "P" if perempuan else "L",
            "tempat_lahir": nama_desa,
            "tanggal_lahir": born,
            "kecamatan": nama_kecamatan,
            "desa": nama_desa,
            "dusun": f"Dusun {rng.choice(['I', 'II', 'III'])}",
            "rt": str(rng.randint(1, 12)),
            "rw": str(rng.randint(1, 4)),
            "jenis_ppks": rng.choice(JENIS),
            "status_dtsen": rng.choice(["terdaftar", "tidak terdaftar", ""]),
            "desil_dtsen": str(rng.randint(1, 10)),
        }


def _cells(person: dict) -> list[str]:
    return [
        person["tanggal_lahir"].strftime("%d/%m/%Y") if c == "tanggal_lahir" else person[c]
        for c in COLUMNS
    ]


def write_xlsx(path: Path, count: int) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("PPKS")
    sheet.write_row(0, 0, COLUMNS)
    for row, person in enumerate(people(count), start=1):
        # Strings throughout, as the template's Text columns keep them (NIK never as a number).
        for column, value in enumerate(_cells(person)):
            sheet.write_string(row, column, value)
    book.close()
    return path


def write_csv(path: Path, count: int) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(_cells(p) for p in people(count))
    return path
