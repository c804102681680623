"""Account pages through HTTP: list, create and edit, with errors in Bahasa Indonesia."""

import pytest

from wahana.akun.models import User
from wahana.audit.models import AuditLog
from wahana.conftest import DESA_A, KECAMATAN_A

NEW_PASSWORD = "Kuat-dan-Panjang-2026"


def form(**overrides):
    data = {
        "username": "psm.baru",
        "first_name": "Psm Baru",
        "email": "",
        "telepon": "",
        "peran": "psm",
        "kode_wilayah": DESA_A,
        "password": NEW_PASSWORD,
    }
    return {**data, **overrides}


@pytest.fixture
def operator_client(client, personas):
    client.force_login(personas.operator)
    return client


@pytest.mark.django_db
def test_user_list_shows_the_scope_only(operator_client):
    html = operator_client.get("/akun/pengguna/").content.decode()
    assert "tksk.kurun" in html
    assert "pengurus.sepangkota" in html
    assert "operator.kobar" not in html
    assert "admin.kalteng" not in html
    assert "Pengguna <small>(7)</small>" in html


@pytest.mark.django_db
def test_create_form_offers_no_higher_role_and_starts_in_the_own_scope(operator_client):
    html = operator_client.get("/akun/pengguna/baru/").content.decode()
    assert 'value="operator_kabupaten"' in html
    assert 'value="admin_provinsi"' not in html
    assert 'value="admin_sistem"' not in html
    assert 'data-dalam="62.10"' in html  # the picker searches inside the kabupaten
    assert 'name="kode_wilayah"' in html and 'value="62.10"' in html


@pytest.mark.django_db
def test_create_through_the_form(operator_client):
    response = operator_client.post("/akun/pengguna/baru/", form(), follow=True)

    assert response.redirect_chain[-1] == ("/akun/pengguna/", 302)
    assert "Pengguna psm.baru dibuat." in response.content.decode()
    created = User.objects.get(username="psm.baru")
    assert (created.peran, created.kode_wilayah) == ("psm", DESA_A)
    assert AuditLog.objects.filter(aksi="pengguna_dibuat", objek_id=str(created.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kode_wilayah": "62.01.01.2001"}, "Wilayah di luar cakupan Anda."),
        ({"kode_wilayah": KECAMATAN_A}, "Tingkat wilayah tidak sesuai dengan peran."),
        ({"kode_wilayah": "62.10.02.2999"}, "Kode wilayah tidak dikenal."),
        ({"username": "TKSK.kurun"}, "Nama pengguna sudah dipakai."),
        ({"password": "12345678"}, "Kata sandi terlalu pendek."),
        ({"peran": "admin_provinsi"}, "Masukkan pilihan yang valid."),
        ({"username": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_create_errors_are_shown_in_indonesian(operator_client, overrides, message):
    response = operator_client.post("/akun/pengguna/baru/", form(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'role="alert"' in html
    assert not User.objects.filter(username="psm.baru").exists()


@pytest.mark.django_db
def test_edit_through_the_form(operator_client, personas):
    url = f"/akun/pengguna/{personas.tksk.pk}/"
    page = operator_client.get(url).content.decode()
    assert "Ubah pengguna tksk.kurun" in page
    assert 'name="password"' not in page  # a password is not changed through this form

    data = form(peran="tksk", kode_wilayah=KECAMATAN_A, first_name="Tksk Kurun Dua", is_active="on")
    response = operator_client.post(url, data, follow=True)

    assert "Pengguna tksk.kurun diperbarui." in response.content.decode()
    personas.tksk.refresh_from_db()
    assert personas.tksk.first_name == "Tksk Kurun Dua"
    assert personas.tksk.username == "tksk.kurun"  # the username field is read-only


@pytest.mark.django_db
def test_edit_refusals(operator_client, personas):
    url = f"/akun/pengguna/{personas.tksk.pk}/"
    outside = form(peran="tksk", kode_wilayah="62.01.01", is_active="on")
    assert "Wilayah di luar cakupan Anda." in operator_client.post(url, outside).content.decode()

    own = f"/akun/pengguna/{personas.operator.pk}/"
    demote = form(peran="pimpinan", kode_wilayah="62.10", is_active="on")
    html = operator_client.post(own, demote).content.decode()
    assert "Anda tidak dapat mengubah peran atau menonaktifkan akun sendiri." in html
    personas.operator.refresh_from_db()
    assert personas.operator.peran == "operator_kabupaten"


@pytest.mark.django_db
def test_accounts_outside_the_scope_or_above_the_rank_are_404(operator_client, personas):
    for target in (personas.operator_lain, personas.provinsi, personas.admin):
        assert operator_client.get(f"/akun/pengguna/{target.pk}/").status_code == 404
    assert operator_client.get("/akun/pengguna/999999/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["pimpinan", "tksk", "psm", "pengurus"])
def test_non_managers_get_404_on_account_pages(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get("/akun/pengguna/").status_code == 404
    assert client.post("/akun/pengguna/baru/", form()).status_code == 404
    assert not User.objects.filter(username="psm.baru").exists()
