"""Password reset by e-mail, without telling who has an account."""

import re

import pytest
from django.core import mail
from django.test import Client

from wahana.audit.models import AuditLog

URL = "/akun/sandi/lupa/"


def _without_csrf(response) -> str:
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def psm(personas):
    personas.psm.email = "psm@desa.example"
    personas.psm.save()
    return personas.psm


@pytest.mark.django_db
def test_known_and_unknown_addresses_get_the_same_answer(client, psm):
    known = client.post(URL, {"email": "PSM@desa.example"}, follow=True)
    unknown = client.post(URL, {"email": "tidak.ada@desa.example"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain == [("/akun/sandi/lupa/terkirim/", 302)]
    assert _without_csrf(known) == _without_csrf(unknown)
    assert "Periksa surel Anda" in known.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["psm@desa.example"]
    assert mail.outbox[0].subject == "Atur ulang kata sandi Wahana"


@pytest.mark.django_db
def test_reset_link_sets_a_new_password_once(client, psm):
    client.post(URL, {"email": psm.email})
    link = re.search(r"http://testserver(/akun/sandi/atur/\S+)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "123", "new_password2": "123"})
    done = client.post(
        set_url, {"new_password1": "Sandi-Baru-Desa-77", "new_password2": "Sandi-Baru-Desa-77"}
    )
    reused = Client().get(link, follow=True)

    assert "Atur kata sandi baru" in form.content.decode()
    assert weak.status_code == 200 and weak.context["form"].errors
    assert done.url == "/akun/sandi/atur/selesai/"
    psm.refresh_from_db()
    assert psm.check_password("Sandi-Baru-Desa-77")
    assert AuditLog.objects.filter(aksi="sandi_diatur_ulang", pelaku=psm).exists()
    assert "tidak berlaku lagi" in reused.content.decode()


@pytest.mark.django_db
def test_login_page_links_to_the_reset(client):
    assert 'href="/akun/sandi/lupa/"' in client.get("/akun/masuk/").content.decode()


@pytest.mark.django_db
def test_reset_requests_are_rate_limited(psm, settings):
    settings.WAHANA_RATE_LIMITS = {**settings.WAHANA_RATE_LIMITS, "sandi": "2/h"}
    client = Client(REMOTE_ADDR="10.5.5.5")

    statuses = [client.post(URL, {"email": psm.email}).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert client.get(URL).status_code == 200, "showing the form is not counted"
    assert len(mail.outbox) == 2
