"""The audit log: written with who, what, where and from which address; never edited."""

import pytest
from django.test import Client

from wahana.audit.models import AuditLog
from wahana.audit.services import audit_record, changes_between
from wahana.conftest import DESA_A, KECAMATAN_A


@pytest.mark.django_db
def test_a_record_names_actor_object_region_and_changes(personas):
    log = audit_record(
        actor=personas.operator,
        aksi="uji_diubah",
        objek=personas.psm,
        perubahan=changes_between({"nama": "Lama"}, {"nama": "Baru"}),
        keterangan="uji",
    )
    stored = AuditLog.objects.get(pk=log.pk)
    assert stored.pelaku == personas.operator
    assert stored.pelaku_nama == "operator.gumas"
    assert (stored.objek_tipe, stored.objek_id) == ("akun.user", str(personas.psm.pk))
    assert stored.kode_wilayah == DESA_A  # taken from the object
    assert stored.perubahan == {"nama": ["Lama", "Baru"]}
    assert stored.waktu is not None


def test_changes_between_keeps_changed_fields_as_strings():
    assert changes_between({"a": 1, "b": "x", "c": None}, {"a": 1, "b": "y", "c": 5}) == {
        "b": ["x", "y"],
        "c": [None, "5"],
    }
    assert changes_between({}, {"a": None}) == {}
    assert changes_between({"a": True}, {"a": False}) == {"a": ["True", "False"]}


@pytest.mark.django_db
def test_the_log_refuses_update_and_delete(personas):
    log = audit_record(actor=personas.operator, aksi="uji", kode_wilayah=KECAMATAN_A)

    log.aksi = "dipalsukan"
    with pytest.raises(PermissionError):
        log.save()
    with pytest.raises(PermissionError):
        log.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=log.pk).update(aksi="dipalsukan")
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=log.pk).delete()
    assert AuditLog.objects.get(pk=log.pk).aksi == "uji"


@pytest.mark.django_db
def test_requests_record_the_address_and_refusals_are_logged(personas):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.7")
    client.force_login(personas.tksk)

    # A POST without the CSRF token is refused (403) and the refusal is audited.
    response = client.post("/akun/keluar/")
    assert response.status_code == 403
    refusal = AuditLog.objects.get(aksi="akses_ditolak")
    assert refusal.pelaku == personas.tksk
    assert refusal.keterangan == "POST /akun/keluar/"
    assert refusal.alamat_ip == "192.0.2.7"
    assert refusal.kode_wilayah == KECAMATAN_A


@pytest.mark.django_db
def test_anonymous_refusals_are_not_logged(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/akun/keluar/").status_code == 403
    assert not AuditLog.objects.filter(aksi="akses_ditolak").exists()
