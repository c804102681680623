import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wahana.akun.demo import DEMO_USERS
from wahana.akun.models import Peran
from wahana.config import skala
from wahana.lib import kode as kodelib
from wahana.wilayah.services import wilayah_load

KABUPATEN = "62.10"  # Kabupaten Gunung Mas, Kalimantan Tengah


class Command(BaseCommand):
    help = (
        "Muat data demo Kabupaten Gunung Mas (62.10): wilayah resmi, pengguna demo dengan kata "
        "sandi 'wahana-demo', lalu data demo setiap modul (berkas demo.py tiap aplikasi). "
        "Ditolak pada pengaturan produksi. Aman dijalankan ulang. Dengan --scale "
        "kabupaten|provinsi|nasional: muat dulu wilayah seluruh Indonesia, lalu data fiktif "
        "berskala (pengganti cerita Gunung Mas) untuk setiap desa/kelurahan tanpa WKSBM di "
        "Gunung Mas, Kalimantan Tengah, atau "
        "seluruh Indonesia (atau --wilayah KODE setingkat): WKSBM dengan pengurus, rapat, "
        "kegiatan, buku kas, PSM, TKSK, dan sekitar 120 PPKS per desa (nasional: 10 juta)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(skala.UKURAN), default="")
        parser.add_argument(
            "--wilayah", default=None, help="kode wilayah setingkat ukuran, mis. 62.11"
        )

    def handle(self, *args, scale="", wilayah=None, **options):
        if settings.PRODUCTION:
            raise CommandError("Data demo ditolak pada WAHANA_ENV=production.")
        if wilayah is not None and not scale:
            raise CommandError("--wilayah hanya berlaku bersama --scale.")
        if scale:
            wilayah = skala.UKURAN[scale] if wilayah is None else wilayah
            if (wilayah and not kodelib.is_valid(wilayah)) or (
                kodelib.tingkat(wilayah) if wilayah else 0
            ) != skala.UKURAN_TINGKAT[scale]:
                raise CommandError(f"Kode wilayah {wilayah!r} bukan sebuah {scale}.")
            # The whole country first, as a national deployment has it (README: regions).
            report = wilayah_load()
            self.stdout.write(
                f"Wilayah Indonesia: {len(report.added)} ditambah, {report.unchanged} sudah ada."
            )
        report = wilayah_load(prefix=KABUPATEN)
        self.stdout.write(
            f"Wilayah Gunung Mas: {len(report.added)} ditambah, {report.unchanged} sudah ada."
        )
        # Each domain app may ship a demo.py with load(*, stdout); apps run in INSTALLED_APPS
        # order, so an app's demo can build on the apps it depends on.
        for config in apps.get_app_configs():
            if not config.name.startswith("wahana."):
                continue
            # At scale the synthetic data replaces the Gunung Mas story: only the demo accounts.
            if scale and config.name != "wahana.akun":
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(stdout=self.stdout)
        if scale:
            self.stdout.write(f"Data skala {scale} ({wilayah or 'Indonesia'}):")
            laporan = skala.build(ukuran=scale, kode=wilayah, stdout=self.stdout)
            self.stdout.write(
                f"Data skala: {laporan.desa} desa dibangun, {laporan.dilewati} sudah ada; "
                f"{laporan.total:,} baris dalam {laporan.detik:.1f} s "
                f"({laporan.total / max(laporan.detik, 0.001):,.0f} baris/s)."
            )
            for label, jumlah in sorted(laporan.rows.items()):
                self.stdout.write(f"  {label:<28} {jumlah:>12,}")
            self.stdout.write(
                "Akun TKSK (tksk.<kode kecamatan>) dan PSM (psm.<kode desa>) berkata sandi "
                "wahana-demo. Hitung indeks: wahana pantau hitung --riwayat 12"
            )
        self.stdout.write("\nMasuk dengan salah satu akun demo (kata sandi: wahana-demo):")
        for username, _name, peran, kode in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {Peran(peran).label:<28} {kode or 'Indonesia'}")
