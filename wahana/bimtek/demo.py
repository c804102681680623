"""Demo bimtek of Gunung Mas (62.10), as PRODUCT.md tells it.

The province Dinsos ran a one-day bimtek on 10 July 2018 in the Dinsos hall in Kuala Kurun for
two kecamatan, two participants per village: Kurun (Kelurahan Tampang Tumbang Anjir, Desa
Tanjung Riu, Desa Petak Bahandang) and Sepang (Kelurahan Sepang Simin, Desa Sepang Kota,
Pamatang Limau, Rabauh, Tampelas, Tanjung Karitak, Tewai Baru). Participants are the demo
pengurus of those WKSBM where they exist, otherwise fictional people; two of them missed the day
and have no certificate. The trained desa that did not wake up afterwards (no measure of the
impact view rose) hold a follow-up task for the TKSK of their kecamatan, made by the kabupaten
operator from the impact view. In August 2025 the kabupaten Dinsos ran a two-day bimtek for Tewah
and Rungan. Safe to re-run: an event that already exists (same title and first day) is left
alone, and the follow-up tasks are made once per desa.
"""

import datetime
import random

from django.utils import timezone

from wahana.akun.models import User
from wahana.wilayah.models import Wilayah

from . import services
from .models import Bimtek, PesertaBimtek

SEED = 20180710
PROVINSI_2018 = {
    "judul": "Bimbingan Teknis Penguatan WKSBM Kabupaten Gunung Mas",
    "kode_wilayah": "62",
    "tempat": "Aula Dinas Sosial Kabupaten Gunung Mas, Kuala Kurun",
    "tanggal_mulai": datetime.date(2018, 7, 10),
    "jam_mulai": datetime.time(8, 0),
    "jam_selesai": datetime.time(16, 0),
    "topik": (
        "Kebijakan pemberdayaan WKSBM (Permensos)\n"
        "Peran WKSBM dalam penanganan PPKS di desa\n"
        "Penggalangan dana sosial masyarakat (jimpitan, beras perelek, ADD/Dana Desa)\n"
        "Administrasi: rapat, buku kas, laporan kegiatan"
    ),
    "keterangan": "Bimtek untuk membangunkan WKSBM yang mati suri sejak dibentuk pada 2014.",
    "nomor_surat": "460/412/PS/Dinsos/VI/2018",
    "tanggal_surat": datetime.date(2018, 6, 28),
    "penandatangan_nama": "Drs. Yohanes Ringkai, M.Si.",
    "penandatangan_jabatan": "Kepala Dinas Sosial Provinsi Kalimantan Tengah",
    "penandatangan_nip": "19650312 199003 1 007",
}
SASARAN_2018 = [
    # (desa, the TKSK account that registers its participants)
    ("62.10.02.1001", "tksk.kurun"),  # Kelurahan Tampang Tumbang Anjir
    ("62.10.02.2003", "tksk.kurun"),  # Desa Tanjung Riu
    ("62.10.02.2002", "tksk.kurun"),  # Desa Petak Bahandang
    ("62.10.01.1001", "tksk.sepang"),  # Kelurahan Sepang Simin
    ("62.10.01.2002", "tksk.sepang"),  # Desa Sepang Kota
    ("62.10.01.2011", "tksk.sepang"),  # Pamatang Limau
    ("62.10.01.2014", "tksk.sepang"),  # Rabauh
    ("62.10.01.2012", "tksk.sepang"),  # Tampelas
    ("62.10.01.2004", "tksk.sepang"),  # Tanjung Karitak
    ("62.10.01.2003", "tksk.sepang"),  # Tewai Baru
]
FASILITATOR_2018 = [
    (
        "Ir. Helena Bungai",
        "Dinas Sosial Provinsi Kalimantan Tengah",
        "Kebijakan pemberdayaan WKSBM",
    ),
    ("Markus Dohong, S.Sos.", "Dinas Sosial Provinsi Kalimantan Tengah", "Penanganan PPKS di desa"),
    ("Natalia Rambang, S.E.", "Dinas Sosial Kabupaten Gunung Mas", "Buku kas dan laporan WKSBM"),
]
KABUPATEN_2025 = {
    "judul": "Bimtek Pengurus WKSBM Kecamatan Tewah dan Rungan",
    "kode_wilayah": "62.10",
    "tempat": "Aula Kantor Kecamatan Tewah, Tewah",
    "tanggal_mulai": datetime.date(2025, 8, 19),
    "tanggal_selesai": datetime.date(2025, 8, 20),
    "jam_mulai": datetime.time(8, 30),
    "jam_selesai": datetime.time(15, 30),
    "topik": (
        "Pendataan PPKS dan usulan DTSEN\n"
        "Penyusunan usulan kegiatan sosial ke Musdes/RKPDes\n"
        "Buku kas WKSBM dan penyaluran bantuan"
    ),
    "nomor_surat": "460/087/Dinsos-GM/VIII/2025",
    "tanggal_surat": datetime.date(2025, 8, 11),
    "penandatangan_nama": "Kepala Dinas Sosial Gunung Mas",
    "penandatangan_jabatan": "Kepala Dinas Sosial Kabupaten Gunung Mas",
}
SASARAN_2025 = [
    "62.10.03.1005",  # Kelurahan Tewah
    "62.10.03.2001",  # Sare Rangan
    "62.10.03.2002",  # Tumbang Pajangei
    "62.10.03.2003",  # Kasintu
    "62.10.05.1021",  # Kelurahan Jakatan Raya
    "62.10.05.2001",  # Tumbang Jutuh
    "62.10.05.2002",  # Tumbang Baringei
    "62.10.05.2009",  # Tumbang Malahoi
]
FASILITATOR_2025 = [
    ("Yuliana Pahu", "Dinas Sosial Kabupaten Gunung Mas", "Buku kas WKSBM"),
    ("Debi Handrianto", "TKSK Kecamatan Kurun", "Pengalaman WKSBM Tanjung Riu"),
]
NAMA_DEPAN = [
    "Agustina", "Benediktus", "Darius", "Ester", "Fransiska", "Gerson", "Hana", "Ishak",
    "Junaedi", "Katarina", "Lukas", "Maria", "Nikodemus", "Oktavia", "Paulus", "Ratna",
    "Samuel", "Theresia", "Urbanus", "Veronika", "Wahyudi", "Yakobus",
]  # fmt: skip
NAMA_BELAKANG = [
    "Ahat", "Bungai", "Dohong", "Enyun", "Jinu", "Kiting", "Liling", "Mantikei", "Ngabut",
    "Pandung", "Rambang", "Sahay", "Tingang", "Usup",
]  # fmt: skip
PERAN = ["Ketua", "Sekretaris", "Bendahara", "Seksi pendataan", "Anggota"]
# Participants (desa, place in its list) who missed a day: no certificate.
ABSEN_2018 = {("62.10.01.2014", 1), ("62.10.02.2002", 1)}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _pengurus_for(desa: str, tanggal: datetime.date) -> list:
    """The demo pengurus of a desa's WKSBM who were in office on `tanggal`, leaders first."""
    from wahana.wksbm.models import PengurusWksbm

    urutan = ["ketua", "sekretaris", "bendahara", "seksi", "wakil_ketua", "anggota"]
    candidates = [
        p
        for p in PengurusWksbm.objects.filter(wilayah_id=desa, mulai__lte=tanggal)
        if (p.selesai is None or p.selesai >= tanggal) and p.jabatan in urutan
    ]
    return sorted(candidates, key=lambda p: (urutan.index(p.jabatan), p.pk))


def _event(*, acting_user, data, fasilitator, sasaran_kuota) -> tuple[Bimtek, bool]:
    existing = Bimtek.objects.filter(
        judul=data["judul"], tanggal_mulai=data["tanggal_mulai"]
    ).first()
    if existing:
        return existing, False
    bimtek = services.bimtek_create(acting_user=acting_user, **data)
    for nama, instansi, materi in fasilitator:
        services.fasilitator_add(
            acting_user=acting_user, bimtek=bimtek, nama=nama, instansi=instansi, materi=materi
        )
    for desa, kuota in sasaran_kuota:
        services.sasaran_set(acting_user=acting_user, bimtek=bimtek, kode_wilayah=desa, kuota=kuota)
    return bimtek, True


def _register(*, rng, acting_user, bimtek, desa, count, pengurus=()):
    sasaran = bimtek.sasaran_set.get(wilayah_id=desa)
    peserta = []
    for index in range(count):
        if index < len(pengurus):
            peserta.append(
                services.peserta_register(
                    acting_user=acting_user, sasaran=sasaran, pengurus=pengurus[index]
                )
            )
            continue
        depan = rng.choice(NAMA_DEPAN)
        peserta.append(
            services.peserta_register(
                acting_user=acting_user,
                sasaran=sasaran,
                nama=f"{depan} {rng.choice(NAMA_BELAKANG)}",
                telepon=f"0813{rng.randint(10000000, 99999999)}",
                jenis_kelamin="P" if depan.endswith("a") or depan in ("Ester", "Hana") else "L",
                peran_wksbm=PERAN[index % len(PERAN)],
            )
        )
    return peserta


def _run(*, rng, organiser, bimtek, peserta_absen):
    """Attendance (everyone every day except `peserta_absen` on the last day), scores and the
    certificates of those who attended every day."""
    hari = list(bimtek.hari_set.order_by("tanggal"))
    for peserta in PesertaBimtek.objects.filter(bimtek=bimtek).order_by("pk"):
        days = hari[:-1] if peserta.pk in peserta_absen else hari
        for day in days:
            services.kehadiran_set(acting_user=organiser, peserta=peserta, hari=day, hadir=True)
        pre = rng.randint(35, 65)
        services.nilai_set(
            acting_user=organiser,
            peserta=peserta,
            nilai_pre_test=pre,
            nilai_post_test=min(100, pre + rng.randint(10, 35)) if days else None,
        )
    issued = services.sertifikat_issue(acting_user=organiser, bimtek=bimtek)
    # Certificates of a past event are dated its last afternoon, not the day the demo loads.
    ditutup = datetime.datetime.combine(
        hari[-1].tanggal, datetime.time(16, 0), tzinfo=timezone.get_current_timezone()
    )
    PesertaBimtek.objects.filter(bimtek=bimtek, kode_sertifikat__isnull=False).update(
        sertifikat_terbit=ditutup
    )
    return issued


def _follow_up(*, acting_user, bimtek, stdout) -> None:
    """The operator's press of the impact view's button, through the same service; skipped once
    the event has its tasks, so a re-run adds nothing (not even an audit row)."""
    if bimtek.tindak_lanjut_set.exists():
        return
    hasil = services.tindak_lanjut_bimtek_create(acting_user=acting_user, bimtek=bimtek)
    stdout.write(
        f"Tindak lanjut bimtek 2018: {hasil['dibuat']} tugas TKSK untuk desa yang belum bergerak"
        + (f"; tanpa TKSK: {', '.join(hasil['desa_tanpa_tksk'])}." if hasil["tanpa_tksk"] else ".")
    )


def load(*, stdout) -> None:
    rng = random.Random(SEED)
    provinsi = _user("provinsi")
    bimtek, created = _event(
        acting_user=provinsi,
        data=PROVINSI_2018,
        fasilitator=FASILITATOR_2018,
        sasaran_kuota=[(desa, 2) for desa, _tksk in SASARAN_2018],
    )
    if created:
        absen = set()
        for desa, tksk in SASARAN_2018:
            pengurus = _pengurus_for(desa, PROVINSI_2018["tanggal_mulai"])
            peserta = _register(
                rng=rng,
                acting_user=_user(tksk),
                bimtek=bimtek,
                desa=desa,
                count=2,
                pengurus=pengurus,
            )
            absen |= {p.pk for index, p in enumerate(peserta) if (desa, index) in ABSEN_2018}
        issued = _run(rng=rng, organiser=provinsi, bimtek=bimtek, peserta_absen=absen)
        stdout.write(f"Bimtek provinsi 10 Juli 2018: 10 desa, 20 peserta, {issued} sertifikat.")
    _follow_up(acting_user=_user("dinsos"), bimtek=bimtek, stdout=stdout)

    dinsos = _user("dinsos")
    bimtek, created = _event(
        acting_user=dinsos,
        data=KABUPATEN_2025,
        fasilitator=FASILITATOR_2025,
        sasaran_kuota=[(desa, 2) for desa in SASARAN_2025],
    )
    if created:
        peserta = []
        for desa in SASARAN_2025:
            pengurus = _pengurus_for(desa, KABUPATEN_2025["tanggal_mulai"])
            peserta += _register(
                rng=rng, acting_user=dinsos, bimtek=bimtek, desa=desa, count=2, pengurus=pengurus
            )
        absen = {peserta[3].pk, peserta[10].pk}
        issued = _run(rng=rng, organiser=dinsos, bimtek=bimtek, peserta_absen=absen)
        names = ", ".join(
            Wilayah.objects.filter(kode__in=["62.10.03", "62.10.05"]).values_list("nama", flat=True)
        )
        stdout.write(
            f"Bimtek kabupaten Agustus 2025 ({names}): {len(peserta)} peserta, {issued} sertifikat."
        )
