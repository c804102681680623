import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from wahana.lib import kode as kodelib
from wahana.pantau import peta, services
from wahana.pantau.bulan import RIWAYAT_BULAN, bulan_ini, parse_bulan


class Command(BaseCommand):
    help = (
        "Indeks aktivitas WKSBM. `hitung`: hitung ulang bulan berjalan semua WKSBM (sama dengan "
        "tugas berkala pantau.sapu yang dijalankan worker tiap 5 menit) dan kirim notifikasi "
        "laporan terlambat; dengan --riwayat N, hitung N bulan terakhir (tanpa notifikasi), "
        "mis. setelah memuat data lama. --wilayah membatasi ke satu kode wilayah."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="aksi", required=True)
        hitung = sub.add_parser("hitung", help="Hitung indeks dan rekap wilayah.")
        hitung.add_argument("--riwayat", type=int, default=0, help="jumlah bulan ke belakang")
        hitung.add_argument("--sampai", default="", help="bulan terakhir, YYYY-MM")
        hitung.add_argument("--wilayah", default="", help="kode wilayah, mis. 62.10")
        geojson = sub.add_parser(
            "geojson",
            help="Muat batas wilayah untuk peta dari GeoJSON (kode di properti kode/code/KDEPUM).",
        )
        geojson.add_argument("berkas")

    def handle(self, *args, aksi, **options):
        if aksi == "geojson":
            return self._geojson(options["berkas"])
        return self._hitung(options["riwayat"], options["sampai"], options["wilayah"])

    def _geojson(self, path):
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            laporan = peta.batas_load(data)
        except (OSError, ValueError) as error:
            raise CommandError(f"GeoJSON tidak dapat dimuat: {error}") from error
        self.stdout.write(f"{laporan['dimuat']} batas wilayah dimuat.")
        if laporan["tidak_cocok"]:
            self.stdout.write(
                f"{len(laporan['tidak_cocok'])} fitur tidak cocok dengan kode wilayah: "
                + ", ".join(str(x) for x in laporan["tidak_cocok"][:50])
            )

    def _hitung(self, riwayat, sampai, wilayah):
        if wilayah and not kodelib.is_valid(wilayah):
            raise CommandError(f"Kode wilayah tidak sah: {wilayah}")
        bulan = parse_bulan(sampai) if sampai else bulan_ini()
        if bulan is None:
            raise CommandError(f"Bulan tidak sah: {sampai} (pakai YYYY-MM)")
        if not 0 <= riwayat <= 10 * RIWAYAT_BULAN:
            raise CommandError("--riwayat harus antara 0 dan 240.")
        start = datetime.datetime.now()
        if riwayat:
            jumlah = services.indeks_refresh_riwayat(
                prefix=wilayah or None, bulan_akhir=bulan, n=riwayat
            )
            self.stdout.write(f"{jumlah} indeks bulanan dihitung ({riwayat} bulan).")
        elif wilayah or sampai:
            rows = services.indeks_refresh(bulan=bulan, prefix=wilayah or None)
            self.stdout.write(f"{len(rows)} indeks bulan {bulan:%Y-%m} dihitung.")
        else:
            hasil = services.sweep()
            self.stdout.write(
                f"{hasil['indeks']} indeks bulan ini dihitung, "
                f"{hasil['terlambat']} notifikasi laporan terlambat."
            )
        self.stdout.write(
            f"Selesai dalam {(datetime.datetime.now() - start).total_seconds():.1f} s."
        )
