"""PRODUCT.md budget: a first page load is at most 200 KB compressed (HTML, stylesheets,
scripts and what they pull in), and a partial update at most 20 KB."""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from wahana.conftest import KABUPATEN

FIRST_LOAD_BUDGET = 200 * 1024
PARTIAL_BUDGET = 20 * 1024


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def static_bytes(url: str) -> bytes:
    """The file behind a static URL, as the server sends it."""
    assert url.startswith(settings.STATIC_URL), url
    path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    assert path, f"{url} is referenced but not found"
    with open(path, "rb") as handle:
        return handle.read()


def assets_of(html: str) -> list[str]:
    links = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    images = re.findall(r'<img[^>]+src="([^"]+)"', html)
    return links + scripts + images


def first_load(client, path) -> dict[str, int]:
    """Compressed size of each part of a first visit to `path` (nothing cached)."""
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    sizes = {path: gzipped(response.content)}
    pending = assets_of(html)
    while pending:
        url = pending.pop()
        if url in sizes:
            continue
        body = static_bytes(url)
        sizes[url] = gzipped(body)
        if url.endswith(".css"):
            # Fonts and images a stylesheet pulls in count too.
            for ref in re.findall(rb"url\(['\"]?([^'\")]+)", body):
                ref = ref.decode()
                if not ref.startswith("data:"):
                    pending.append(settings.STATIC_URL + ref.lstrip("/").removeprefix("static/"))
    return sizes


@pytest.mark.django_db
def test_login_page_first_load_fits_the_budget(client):
    sizes = first_load(client, "/akun/masuk/")
    # The page does load its stylesheet and scripts: the budget is measured, not dodged.
    assert any(url.endswith(".css") for url in sizes)
    assert any(url.endswith(".js") for url in sizes)
    total = sum(sizes.values())
    assert total <= FIRST_LOAD_BUDGET, f"{total} bytes compressed: {sizes}"


@pytest.mark.django_db
def test_operator_home_page_first_load_fits_the_budget(client, personas):
    client.force_login(personas.operator)
    sizes = first_load(client, "/")
    total = sum(sizes.values())
    assert len(sizes) >= 3
    assert total <= FIRST_LOAD_BUDGET, f"{total} bytes compressed: {sizes}"


@pytest.mark.django_db
def test_region_browsing_and_search_partial_fit_the_budgets(client, personas):
    client.force_login(personas.admin)
    page = first_load(client, f"/wilayah/{KABUPATEN}/")
    assert sum(page.values()) <= FIRST_LOAD_BUDGET
    partial = client.get("/wilayah/62/", {"q": "a"}, HTTP_HX_REQUEST="true")
    assert partial.content.count(b"<li>") >= 40  # a full page of results, not an empty one
    assert gzipped(partial.content) <= PARTIAL_BUDGET
    picker = client.get("/wilayah/cari/", {"q": "a", "dalam": "62"})
    assert gzipped(picker.content) <= PARTIAL_BUDGET


@pytest.mark.django_db
def test_responses_are_sent_compressed(client):
    response = client.get("/akun/masuk/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
