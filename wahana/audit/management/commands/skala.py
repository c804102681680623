from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from wahana.config import partisi


class Command(BaseCommand):
    help = (
        "Langkah skala besar (docs/scaling.md). `partisi`: ubah tabel besar menjadi tabel "
        "berpartisi per provinsi menurut kode_wilayah (PostgreSQL saja), satu transaksi per "
        f"tabel. Tanpa --tabel: {', '.join(partisi.TABEL_BAWAAN)}. --dry-run mencetak rencana "
        "SQL tanpa mengubah apa pun."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="aksi", required=True)
        bagi = sub.add_parser("partisi", help="Partisi tabel per provinsi (PostgreSQL).")
        bagi.add_argument("--tabel", action="append", default=[], help="nama tabel (berulang)")
        bagi.add_argument("--dry-run", action="store_true", help="cetak rencana saja")

    def handle(self, *args, aksi, tabel, dry_run, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"Partisi hanya untuk PostgreSQL; basis data ini {connection.vendor}. "
                "SQLite tidak mengenal tabel berpartisi."
            )
        gagal = []
        for nama in tabel or partisi.TABEL_BAWAAN:
            if partisi.is_partitioned(nama):
                self.stdout.write(f"{nama}: sudah dipartisi, tidak ada perubahan.")
                continue
            try:
                rencana = partisi.rencana_for(nama) if dry_run else partisi.partisi(nama)
            except ValidationError as error:
                gagal.append(nama)
                self.stderr.write(f"{nama}: " + " ".join(error.messages))
                continue
            bagian = f"{len(rencana.provinsi)} provinsi + 1 partisi lain"
            if dry_run:
                self.stdout.write(f"-- {nama}: {rencana.baris} baris, {bagian}")
                self.stdout.write(f"LOCK TABLE {nama} IN ACCESS EXCLUSIVE MODE;")
                for sql in rencana.sql():
                    self.stdout.write(sql + ";")
            else:
                self.stdout.write(f"{nama}: {rencana.baris} baris dipindah ke {bagian}.")
        if gagal:
            raise CommandError(f"Tidak dipartisi: {', '.join(gagal)}.")
