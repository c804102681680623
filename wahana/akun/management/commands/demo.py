import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wahana.akun.demo import DEMO_USERS
from wahana.akun.models import Peran
from wahana.wilayah.services import wilayah_load

KABUPATEN = "62.10"  # Kabupaten Gunung Mas, Kalimantan Tengah


class Command(BaseCommand):
    help = (
        "Muat data demo Kabupaten Gunung Mas (62.10): wilayah resmi, pengguna demo dengan kata "
        "sandi 'wahana-demo', lalu data demo setiap modul (berkas demo.py tiap aplikasi). "
        "Ditolak pada pengaturan produksi. Aman dijalankan ulang."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Data demo ditolak pada WAHANA_ENV=production.")
        report = wilayah_load(prefix=KABUPATEN)
        self.stdout.write(
            f"Wilayah Gunung Mas: {len(report.added)} ditambah, {report.unchanged} sudah ada."
        )
        # Each domain app may ship a demo.py with load(*, stdout); apps run in INSTALLED_APPS
        # order, so an app's demo can build on the apps it depends on.
        for config in apps.get_app_configs():
            if not config.name.startswith("wahana."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(stdout=self.stdout)
        self.stdout.write("\nMasuk dengan salah satu akun demo (kata sandi: wahana-demo):")
        for username, _name, peran, kode in DEMO_USERS:
            self.stdout.write(f"  {username:<22} {Peran(peran).label:<28} {kode or 'Indonesia'}")
