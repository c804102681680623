from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wahana.audit.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Cadangkan basis data (SQLite: salinan daring yang konsisten; PostgreSQL: pg_dump -Fc) "
        "dan berkas unggahan ke satu arsip .tar.gz dengan manifes (jumlah baris, checksum)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(settings.DATA_DIR / "cadangan"),
            help="Folder tujuan arsip (bawaan: <WAHANA_DATA_DIR>/cadangan).",
        )

    def handle(self, *args, **options):
        try:
            path = backup_create(output_dir=Path(options["output"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Cadangan dibuat: {path}"))
