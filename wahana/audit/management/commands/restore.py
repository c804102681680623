from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wahana.audit.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Pulihkan basis data dan berkas unggahan dari arsip `wahana backup`. Arsip diperiksa "
        "dengan manifesnya sebelum apa pun diganti. Hentikan aplikasi selama pemulihan."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Arsip .tar.gz buatan `wahana backup`.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Jangan meminta konfirmasi.",
        )

    def handle(self, *args, **options):
        archive = Path(options["file"])
        if not archive.is_file():
            raise CommandError(f"Arsip tidak ditemukan: {archive}")
        if options["interactive"]:
            answer = input(
                "Basis data dan berkas unggahan sekarang akan DIGANTI isi cadangan ini. "
                "Ketik 'ya' untuk melanjutkan: "
            )
            if answer.strip().lower() != "ya":
                raise CommandError("Dibatalkan.")
        try:
            result = backup_restore(archive_path=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan dan diperiksa: {result.tables} tabel, {result.rows} baris, "
                f"{result.files} berkas unggahan."
            )
        )
        if result.uploads_set_aside:
            self.stdout.write(f"Berkas unggahan sebelumnya disimpan di {result.uploads_set_aside}")
