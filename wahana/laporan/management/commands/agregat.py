import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wahana.dana.bulan import parse_bulan
from wahana.laporan import agregat


class Command(BaseCommand):
    help = (
        "Paket agregat (docs/agregat.md). `wahana agregat export --kode 62.10 --bulan 2026-11 "
        "BERKAS` menulis paket satu wilayah dan bulan; `wahana agregat import BERKAS` "
        "menyimpannya (impor ulang paket yang sama tidak mengubah apa pun)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="aksi", required=True)
        ekspor = sub.add_parser("export")
        ekspor.add_argument("--kode", required=True)
        ekspor.add_argument("--bulan", required=True, help="tttt-bb")
        ekspor.add_argument("berkas")
        impor = sub.add_parser("import")
        impor.add_argument("berkas")

    def handle(self, *args, **options):
        try:
            if options["aksi"] == "export":
                bulan = parse_bulan(options["bulan"])
                if bulan is None:
                    raise CommandError("Bulan ditulis tttt-bb, mis. 2026-11.")
                data = agregat.paket(options["kode"], bulan)
                if options["berkas"] == "-":
                    sys.stdout.buffer.write(data)
                else:
                    Path(options["berkas"]).write_bytes(data)
                    self.stdout.write(f"Paket {options['kode']} {bulan:%Y-%m} ditulis.")
            else:
                hasil = agregat.agregat_import(
                    acting_user=None, data=Path(options["berkas"]).read_bytes()
                )
                self.stdout.write(
                    f"{hasil['kode']} {hasil['bulan']}: {hasil['hasil']} ({hasil['baris']} wilayah)"
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
