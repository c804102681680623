"""A NUL character cannot be stored by PostgreSQL: every way in refuses it with a 400 before a
view runs, on both databases, and nothing is written."""

import json

import pytest

from wahana.audit.models import AuditLog
from wahana.ppks.models import Ppks

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client, personas):
    client.force_login(personas.operator)
    return client


def test_query_parameter_with_nul_is_refused_in_the_api(operator_client):
    response = operator_client.get("/api/v1/ppks/", {"q": "Siti\x00"})
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_json_string_with_nul_is_refused_and_nothing_written(operator_client):
    audits = AuditLog.objects.count()
    body = json.dumps({"nama": "Siti\u0000Aminah", "kode_wilayah": "62.10.02.2001"})
    response = operator_client.post("/api/v1/ppks/", body, content_type="application/json")
    assert response.status_code == 400
    assert not Ppks.objects.exists() and AuditLog.objects.count() == audits


def test_page_filter_and_form_field_with_nul_are_refused(operator_client):
    assert operator_client.get("/ppks/", {"q": "\x00"}).status_code == 400
    response = operator_client.post("/ppks/baru/", {"nama": "Siti\x00"})
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_ordinary_input_passes(operator_client):
    assert operator_client.get("/api/v1/ppks/", {"q": "Siti"}).status_code == 200
    # An escaped backslash before "u0000" is text, not a NUL: the API's own validation answers
    # (the record lacks its required fields).
    body = json.dumps({"nama": "a\\u0000b"})
    response = operator_client.post("/api/v1/ppks/", body, content_type="application/json")
    assert response.status_code == 422
