"""Demo accounts of PRODUCT.md (password 'wahana-demo')."""

from .models import Peran, User

DEMO_PASSWORD = "wahana-demo"  # noqa: S105 - published demo password, refused in production
DEMO_USERS = [
    # username, full name, role, scope
    ("admin", "Administrator Wahana", Peran.ADMIN_SISTEM, ""),
    ("provinsi", "Ririn Natalia (Dinsos Kalteng)", Peran.ADMIN_PROVINSI, "62"),
    ("dinsos", "Yuliana Pahu (Dinsos Gunung Mas)", Peran.OPERATOR_KABUPATEN, "62.10"),
    ("pimpinan", "Kepala Dinas Sosial Gunung Mas", Peran.PIMPINAN, "62.10"),
    ("tksk.kurun", "Debi Handrianto", Peran.TKSK, "62.10.02"),
    ("tksk.sepang", "Selvi Ambun", Peran.TKSK, "62.10.01"),
    ("psm.tanjungriu", "Rusdiana Lambung", Peran.PSM, "62.10.02.2003"),
    ("pengurus.tanjungriu", "Agustinus Nyahu", Peran.PENGURUS_WKSBM, "62.10.02.2003"),
]


def load(*, stdout) -> None:
    for username, full_name, peran, kode in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": full_name,
                "peran": peran,
                "wilayah_id": kode or None,
                "is_staff": peran == Peran.ADMIN_SISTEM,
                "is_superuser": peran == Peran.ADMIN_SISTEM,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    stdout.write(f"Pengguna demo: {len(DEMO_USERS)} akun, kata sandi '{DEMO_PASSWORD}'.")
