"""The log cannot be edited: the application refuses, and so does the database; an audit row
lives and dies with the transaction of the change it records."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models.deletion import ProtectedError
from django.test import Client

from wahana.akun.services import user_create
from wahana.audit.models import AuditLog
from wahana.audit.services import audit_record
from wahana.conftest import DESA_A, PASSWORD


@pytest.fixture
def row(personas):
    return audit_record(actor=personas.operator, aksi="uji", kode_wilayah=DESA_A)


@pytest.mark.django_db
def test_application_refuses_to_edit_or_delete(row):
    row.keterangan = "diubah"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=row.pk).update(keterangan="diubah")
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=row.pk).delete()

    assert AuditLog.objects.get(pk=row.pk).keterangan == ""


@pytest.mark.django_db
def test_database_refuses_update_even_in_raw_sql(row):
    with (
        pytest.raises((DatabaseError, IntegrityError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditlog SET aksi = 'palsu' WHERE id = %s", [row.pk])

    assert AuditLog.objects.get(pk=row.pk).aksi == "uji"


@pytest.mark.django_db
def test_database_refuses_delete_on_postgresql(row):
    """On PostgreSQL the trigger refuses DELETE too; SQLite empties tables with DELETE (test
    runs, `wahana flush`) so there the application's guard is what refuses."""
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditlog WHERE id = %s", [row.pk])
    else:
        with pytest.raises(PermissionError):
            AuditLog.objects.filter(pk=row.pk).delete()

    assert AuditLog.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_an_account_with_history_cannot_be_deleted(personas, row):
    with pytest.raises(ProtectedError):
        personas.operator.delete()

    assert AuditLog.objects.get(pk=row.pk).pelaku == personas.operator


def _create_psm(personas, username="psm.baru"):
    return user_create(
        acting_user=personas.operator,
        username=username,
        password=PASSWORD,
        peran="psm",
        kode_wilayah=DESA_A,
    )


@pytest.mark.django_db
def test_change_and_its_audit_row_commit_together(personas):
    user = _create_psm(personas)

    row = AuditLog.objects.get(aksi="pengguna_dibuat", objek_id=str(user.pk))
    assert row.pelaku == personas.operator
    assert row.kode_wilayah == DESA_A
    assert row.perubahan["peran"] == [None, "psm"]


@pytest.mark.django_db
def test_audit_row_rolls_back_with_the_change(personas):
    with pytest.raises(RuntimeError), transaction.atomic():
        _create_psm(personas)
        raise RuntimeError("gagal setelah perubahan")

    assert not AuditLog.objects.filter(aksi="pengguna_dibuat").exists()
    assert not type(personas.operator).objects.filter(username="psm.baru").exists()


@pytest.mark.django_db
def test_change_rolls_back_when_its_audit_row_fails(personas, monkeypatch):
    def broken_audit(**kwargs):
        raise DatabaseError("log tidak dapat ditulis")

    monkeypatch.setattr("wahana.akun.services.audit_record", broken_audit)

    with pytest.raises(DatabaseError):
        _create_psm(personas)

    assert not type(personas.operator).objects.filter(username="psm.baru").exists()


@pytest.mark.django_db
def test_failed_login_is_recorded_in_the_account_region(client, personas):
    client.post("/akun/masuk/", {"username": "psm.tanjungriu", "password": "salah-sekali"})
    client.post("/akun/masuk/", {"username": "tidak.ada", "password": "salah-sekali"})

    known = AuditLog.objects.get(aksi="login_gagal", keterangan="psm.tanjungriu")
    unknown = AuditLog.objects.get(aksi="login_gagal", keterangan="tidak.ada")
    assert known.kode_wilayah == DESA_A
    assert known.alamat_ip == "127.0.0.1"
    assert unknown.kode_wilayah == ""


@pytest.mark.django_db
def test_lockout_is_recorded(client, personas, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/akun/masuk/", {"username": "psm.tanjungriu", "password": "salah-sekali"})

    row = AuditLog.objects.get(aksi="login_terkunci")
    assert row.keterangan == "psm.tanjungriu"
    assert row.kode_wilayah == DESA_A


@pytest.mark.django_db
def test_refused_request_is_recorded(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.operator)

    response = client.post("/akun/pengguna/baru/", {"username": "x"})

    assert response.status_code == 403
    row = AuditLog.objects.get(aksi="akses_ditolak")
    assert row.pelaku == personas.operator
    assert row.keterangan == "POST /akun/pengguna/baru/"
    assert row.kode_wilayah == personas.operator.kode_wilayah


@pytest.mark.django_db
def test_anonymous_refusal_is_not_recorded():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/akun/masuk/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert not AuditLog.objects.filter(aksi="akses_ditolak").exists()
