from django.core.management.base import BaseCommand

from wahana.tugas.worker import Worker


class Command(BaseCommand):
    help = (
        "Jalankan pekerja latar belakang: ambil tugas dari antrean basis data, jalankan, catat "
        "kegagalan dan coba lagi dengan jeda, jalankan tugas berkala. Berhenti dengan rapi pada "
        "SIGTERM/Ctrl+C setelah tugas yang sedang berjalan selesai."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Jalankan satu tugas lalu keluar.")
        parser.add_argument(
            "--until-idle", action="store_true", help="Jalankan sampai antrean kosong lalu keluar."
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Jeda antar-periksa (detik)."
        )
        parser.add_argument(
            "--stale",
            type=int,
            default=900,
            help="Tugas berjalan tanpa tanda hidup selama ini (detik) dikembalikan ke antrean.",
        )

    def handle(self, *args, **options):
        worker = Worker(
            interval=options["interval"], stale_seconds=options["stale"], stdout=self.stdout
        )
        worker.install_signals()
        ran = worker.run(once=options["once"], until_idle=options["until_idle"])
        self.stdout.write(f"Pekerja berhenti; {ran} tugas dijalankan.")
