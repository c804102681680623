import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from wahana.akun.models import User
from wahana.ppks import crypto, impor
from wahana.ppks.models import ImporBaris, ImporPpks
from wahana.ppks.services import ppks_retention_apply, ppks_rotate_key, retention_due


class Command(BaseCommand):
    help = (
        "PPKS. `import BERKAS --pengguna NAMA`: memeriksa berkas XLSX/CSV baris demi baris tanpa "
        "menyimpan (dry run) dan mencetak apa yang akan dibuat, diubah, dan ditolak beserta "
        "alasannya; dengan --commit menyimpan semuanya dalam satu transaksi (semua atau tidak "
        "sama sekali), dalam cakupan wilayah pengguna itu. Impor ulang berkas yang sama tidak "
        "mengubah apa pun. `new-key` membuat kunci data baru; `rotate-key` mengenkripsi ulang "
        "NIK/No KK dengan versi kunci tertinggi di WAHANA_DATA_KEY dan menghitung ulang indeks. "
        "`retention [--hapus]`: data pribadi PPKS yang diarsipkan lebih lama dari masa retensi "
        "dihapus; baris, jenis dan layanan tetap untuk hitungan."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Periksa (dan simpan) berkas impor PPKS.")
        load.add_argument("berkas", help="Berkas .xlsx atau .csv")
        load.add_argument("--pengguna", required=True, help="Nama pengguna pengimpor (operator)")
        load.add_argument("--commit", action="store_true", help="Simpan setelah diperiksa")
        load.add_argument("--tampilkan", type=int, default=50, help="Baris ditolak yang dicetak")
        sub.add_parser("new-key", help="Cetak kunci data baru (base64) untuk WAHANA_DATA_KEY.")
        sub.add_parser("rotate-key", help="Enkripsi ulang NIK/No KK dengan kunci terbaru.")
        retention = sub.add_parser(
            "retention", help="Daftar (dan hapus) data pribadi arsip yang melewati masa retensi."
        )
        retention.add_argument(
            "--tahun",
            type=int,
            default=settings.PPKS_RETENSI_TAHUN,
            help="Masa retensi setelah diarsipkan (bawaan: setelan PPKS_RETENSI_TAHUN)",
        )
        retention.add_argument("--hapus", action="store_true", help="Hapus data pribadinya")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "new-key":
            version = max(crypto.keyring()) + 1
            self.stdout.write(f"{version}:{crypto.new_secret()}")
            return
        if action == "rotate-key":
            started = time.perf_counter()
            count = ppks_rotate_key(progress=lambda n: self._progress("enkripsi ulang", n, 0))
            self.stdout.write(
                f"\n{count} data PPKS dienkripsi ulang dengan kunci versi "
                f"{crypto.current_key().versi} ({time.perf_counter() - started:.1f} s)."
            )
            return
        if action == "retention":
            self._retention(options)
            return
        self._import(options)

    def _retention(self, options) -> None:
        years = options["tahun"]
        if years < 1:
            raise CommandError("Masa retensi minimal 1 tahun.")
        due = retention_due(years=years).count()
        if not options["hapus"]:
            self.stdout.write(
                f"{due} data PPKS arsip melewati masa retensi {years} tahun "
                "(tambahkan --hapus untuk menghapus data pribadinya)."
            )
            return
        erased = ppks_retention_apply(years=years)
        self.stdout.write(f"Data pribadi {erased} PPKS arsip dihapus; hitungan tetap tersimpan.")

    def _progress(self, phase: str, done: int, total: int) -> None:
        share = f" ({100 * done // total}%)" if total else ""
        self.stdout.write(f"\r{phase}: {done}/{total or '?'}{share}", ending="")
        self.stdout.flush()

    def _import(self, options) -> None:
        path = Path(options["berkas"])
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        try:
            user = User.objects.get(username=options["pengguna"], is_active=True)
        except User.DoesNotExist as error:
            raise CommandError(f"Pengguna {options['pengguna']!r} tidak ada.") from error
        started = time.perf_counter()
        try:
            with open(path, "rb") as handle:
                record = impor.impor_create(acting_user=user, upload=File(handle, name=path.name))
            impor.impor_check(impor=record, progress=lambda d, t: self._progress("memeriksa", d, t))
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write("")
        if record.status == ImporPpks.Status.GAGAL:
            raise CommandError(record.pesan)
        self.stdout.write(
            f"Diperiksa {record.total_baris} baris ({time.perf_counter() - started:.1f} s): "
            f"{record.jumlah_baru} baru, {record.jumlah_ubah} diubah, {record.jumlah_sama} "
            f"tidak berubah, {record.jumlah_tolak} ditolak. Impor #{record.pk}."
        )
        refused = ImporBaris.objects.filter(impor=record, aksi=ImporBaris.Aksi.TOLAK)
        for baris in refused[: options["tampilkan"]]:
            self.stdout.write(f"  baris {baris.nomor} ditolak: {' '.join(baris.pesan)}")
        if not options["commit"]:
            self.stdout.write("Belum ada yang disimpan (tambahkan --commit untuk menyimpan).")
            return
        started = time.perf_counter()
        try:
            record = impor.impor_commit(
                acting_user=user,
                impor=record,
                progress=lambda d, t: self._progress("menyimpan", d, t),
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write("")
        if record.status != ImporPpks.Status.SELESAI:
            raise CommandError(record.pesan)
        self.stdout.write(
            f"Tersimpan: {record.jumlah_baru} baru, {record.jumlah_ubah} diubah "
            f"({time.perf_counter() - started:.1f} s)."
        )
