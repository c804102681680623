"""Managing accounts: inside one's own scope only, never a higher role or a wider scope."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wahana.akun.models import Peran, User
from wahana.akun.selectors import user_list_visible_to
from wahana.akun.services import user_create, user_update
from wahana.audit.models import AuditLog
from wahana.conftest import DESA_A, KABUPATEN, KABUPATEN_LAIN, KECAMATAN_A, PROVINSI
from wahana.wilayah.models import Wilayah

NEW_PASSWORD = "Kuat-dan-Panjang-2026"


def create(acting_user, **overrides):
    data = {
        "username": "tksk.baru",
        "password": NEW_PASSWORD,
        "peran": Peran.TKSK,
        "kode_wilayah": KECAMATAN_A,
        "first_name": "Tksk Baru",
    }
    return user_create(acting_user=acting_user, **{**data, **overrides})


def update(acting_user, user, **overrides):
    data = {
        "peran": user.peran,
        "kode_wilayah": user.kode_wilayah,
        "first_name": user.first_name,
        "email": user.email,
        "telepon": user.telepon,
        "is_active": user.is_active,
    }
    return user_update(acting_user=acting_user, user=user, **{**data, **overrides})


@pytest.mark.django_db
def test_operator_creates_a_user_inside_the_kabupaten_and_it_is_audited(personas):
    user = create(personas.operator, telepon="081234567890")

    assert user.peran == Peran.TKSK
    assert user.kode_wilayah == KECAMATAN_A
    assert user.check_password(NEW_PASSWORD)
    log = AuditLog.objects.get(aksi="pengguna_dibuat")
    assert log.pelaku == personas.operator
    assert log.objek_id == str(user.pk)
    assert log.objek_tipe == "akun.user"
    assert log.kode_wilayah == KECAMATAN_A
    assert log.perubahan["peran"] == [None, "tksk"]
    assert log.perubahan["kode_wilayah"] == [None, KECAMATAN_A]
    assert "password" not in log.perubahan


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("peran", "kode", "message"),
    [
        (Peran.ADMIN_PROVINSI, PROVINSI, "peran yang lebih tinggi"),
        (Peran.ADMIN_SISTEM, "", "peran yang lebih tinggi"),
        (Peran.OPERATOR_KABUPATEN, KABUPATEN_LAIN, "di luar cakupan"),
        (Peran.PIMPINAN, PROVINSI, "di luar cakupan"),  # a wider scope than the operator's
        (Peran.PIMPINAN, "", "di luar cakupan"),
        (Peran.PSM, "62.01.01.2001", "di luar cakupan"),
    ],
)
def test_operator_grants_neither_a_higher_role_nor_a_wider_scope(personas, peran, kode, message):
    with pytest.raises(PermissionDenied, match=message):
        create(personas.operator, peran=peran, kode_wilayah=kode)
    assert not User.objects.filter(username="tksk.baru").exists()
    assert not AuditLog.objects.filter(aksi="pengguna_dibuat").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("peran", "kode", "field", "message"),
    [
        (Peran.TKSK, DESA_A, "wilayah", "Tingkat wilayah tidak sesuai dengan peran."),
        (Peran.PSM, KECAMATAN_A, "wilayah", "Tingkat wilayah tidak sesuai dengan peran."),
        (Peran.OPERATOR_KABUPATEN, KECAMATAN_A, "wilayah", "Tingkat wilayah tidak sesuai"),
        (Peran.TKSK, "62.10.99", "wilayah", "Kode wilayah tidak dikenal."),
        ("raja", KECAMATAN_A, "peran", "Peran tidak dikenal."),
    ],
)
def test_role_and_level_must_match(personas, peran, kode, field, message):
    with pytest.raises(ValidationError) as error:
        create(personas.operator, peran=peran, kode_wilayah=kode)
    assert message in " ".join(error.value.message_dict[field])
    assert not User.objects.filter(username="tksk.baru").exists()


@pytest.mark.django_db
def test_equal_role_and_retired_region(personas):
    peer = create(
        personas.operator,
        username="operator.dua",
        peran="operator_kabupaten",
        kode_wilayah=KABUPATEN,
    )
    assert peer.kode_wilayah == KABUPATEN

    Wilayah.objects.filter(kode=KECAMATAN_A).update(aktif=False)
    with pytest.raises(ValidationError, match="Kode wilayah tidak dikenal"):
        create(personas.operator)


@pytest.mark.django_db
def test_username_taken_in_any_case_and_weak_password_are_refused(personas):
    with pytest.raises(ValidationError) as error:
        create(personas.operator, username="TKSK.Kurun")
    assert error.value.message_dict["username"] == ["Nama pengguna sudah dipakai."]
    with pytest.raises(ValidationError):
        create(personas.operator, password="12345678")
    with pytest.raises(ValidationError):
        create(personas.operator, password="tksk.baru1")  # too close to the username
    assert not User.objects.filter(username="tksk.baru").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["pimpinan", "tksk", "psm", "pengurus"])
def test_roles_that_do_not_manage_users_create_none(personas, persona):
    with pytest.raises(PermissionDenied, match="tidak berwenang mengelola pengguna"):
        create(getattr(personas, persona), peran=Peran.PENGURUS_WKSBM, kode_wilayah=DESA_A)


@pytest.mark.django_db
def test_update_is_audited_with_the_changed_fields_only(personas):
    update(personas.operator, personas.tksk, first_name="Tksk Kurun Baru", telepon="0812")

    personas.tksk.refresh_from_db()
    assert personas.tksk.first_name == "Tksk Kurun Baru"
    log = AuditLog.objects.get(aksi="pengguna_diubah")
    assert log.pelaku == personas.operator
    assert log.perubahan == {
        "first_name": ["Tksk Kurun", "Tksk Kurun Baru"],
        "telepon": ["", "0812"],
    }


@pytest.mark.django_db
def test_update_moves_a_user_only_within_scope_and_rank(personas):
    update(personas.operator, personas.tksk, kode_wilayah="62.10.01")
    assert User.objects.get(pk=personas.tksk.pk).kode_wilayah == "62.10.01"

    cases = [
        (personas.operator, personas.tksk, {"kode_wilayah": "62.01.01"}, "di luar cakupan"),
        (
            personas.operator,
            personas.tksk,
            {"peran": "admin_provinsi", "kode_wilayah": "62"},
            "lebih tinggi",
        ),
        (personas.operator_lain, personas.psm, {"first_name": "X"}, "di luar cakupan"),
        (personas.operator, personas.provinsi, {"first_name": "X"}, "lebih tinggi"),
        (personas.operator, personas.operator, {"is_active": False}, "akun sendiri"),
        (personas.operator, personas.operator, {"peran": "pimpinan"}, "akun sendiri"),
    ]
    for acting, target, changes, message in cases:
        target.refresh_from_db()
        with pytest.raises(PermissionDenied, match=message):
            update(acting, target, **changes)
    assert AuditLog.objects.filter(aksi="pengguna_diubah").count() == 1


@pytest.mark.django_db
def test_deactivating_a_user_inside_scope(personas):
    update(personas.operator, personas.outsider, is_active=False)
    personas.outsider.refresh_from_db()
    assert personas.outsider.is_active is False


@pytest.mark.django_db
def test_managers_list_the_accounts_of_their_scope_and_rank(personas):
    def names(user):
        return set(user_list_visible_to(user).values_list("username", flat=True))

    assert names(personas.operator) == {
        "operator.gumas",
        "pimpinan.gumas",
        "tksk.kurun",
        "psm.tanjungriu",
        "pengurus.tanjungriu",
        "pengurus.sepangkota",
        "tksk.sepang",
    }
    assert names(personas.operator_lain) == {"operator.kobar"}
    assert "admin.sistem" not in names(personas.provinsi)
    assert "operator.kobar" in names(personas.provinsi)
    assert len(names(personas.admin)) == 10
    for persona in ("pimpinan", "tksk", "psm", "pengurus"):
        assert names(getattr(personas, persona)) == set()
