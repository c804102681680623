import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wahana.lib import kode as kodelib
from wahana.wilayah.services import DATA_DIR, wilayah_load


class Command(BaseCommand):
    help = (
        "Wilayah resmi Kemendagri. `load` memuat kode dan nama dari berkas CSV resmi "
        "(provinces, regencies, districts, villages): tanpa --prefix seluruh Indonesia, dengan "
        "--prefix 62.10 satu kabupaten. Menjalankan ulang dengan berkas yang sama tidak mengubah "
        "apa pun; wilayah yang hilang dari berkas baru dinonaktifkan, tidak pernah dihapus."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Muat atau perbarui wilayah dari berkas CSV resmi.")
        load.add_argument("--prefix", default="", help="Kode wilayah, mis. 62.10 (kosong = semua)")
        load.add_argument("--dir", default=str(DATA_DIR), help="Folder berkas CSV resmi")

    def handle(self, *args, **options):
        prefix = options["prefix"].strip()
        if prefix and not kodelib.is_valid(prefix):
            raise CommandError(f"Kode wilayah tidak sah: {prefix!r} (contoh: 62 atau 62.10)")
        started = time.perf_counter()
        try:
            report = wilayah_load(directory=Path(options["dir"]), prefix=prefix)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        area = prefix or "Indonesia"
        if not report.changed:
            self.stdout.write(
                f"Wilayah {area}: tidak ada perubahan "
                f"({report.unchanged} wilayah, {elapsed:.1f} s)."
            )
            return
        self.stdout.write(
            f"Wilayah {area}: {len(report.added)} ditambah, {len(report.renamed)} berganti nama, "
            f"{len(report.retired)} dinonaktifkan, {len(report.reactivated)} diaktifkan kembali, "
            f"{report.unchanged} tetap ({elapsed:.1f} s)."
        )
        for code, old, new in report.renamed[:50]:
            self.stdout.write(f"  berganti nama {code}: {old} -> {new}")
        for code in report.retired[:50]:
            self.stdout.write(f"  dinonaktifkan {code}")
