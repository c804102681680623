"""Every page and API endpoint, for every persona inside and outside its scope."""

import importlib
import json

import pytest
from axes.utils import reset as axes_reset
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from wahana.akun.testing import ANONYMOUS, PERSONA_NAMES, World
from wahana.conftest import KABUPATEN_LAIN, make_personas, reload_reference_data
from wahana.wilayah.models import Wilayah


def _matrix_modules():
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("wahana."):
            try:
                modules.append(importlib.import_module(f"{config.name}.tests.matrix"))
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.tests.matrix":
                    raise
    return modules


MODULES = _matrix_modules()
CASES = [case for module in MODULES for case in module.CASES]


def build_world(personas) -> World:
    """The records every app's matrix builds, for these personas."""
    world = World(personas)
    for module in MODULES:
        if hasattr(module, "build"):
            module.build(world)
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The personas and every app's records, built once for the module (it was once per case:
    about 300 builds) inside a transaction rolled back when the module ends. Each case runs in a
    savepoint of it (pytest-django's `db`), so what one case writes the next does not see."""
    with django_db_blocker.unblock(), transaction.atomic():
        # After a transactional test on the same worker the session's regions and seeded kinds
        # are gone (the same check as the `personas` fixture).
        if not Wilayah.objects.filter(kode=KABUPATEN_LAIN).exists():
            reload_reference_data()
        yield build_world(make_personas())
        transaction.set_rollback(True)


def _request(client, case, world):
    url = case.resolved_url(world)
    payload = case.payload(world)
    if case.method == "GET":
        return client.get(url, payload or {})
    if case.json:
        return client.generic(
            case.method, url, json.dumps(payload or {}), content_type="application/json"
        )
    return client.post(url, payload or {})


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_matrix(case, world, client):
    failures = []
    for name in (*PERSONA_NAMES, ANONYMOUS):
        client.logout()
        axes_reset()  # each persona is a separate visitor: no lockout carried over
        if name != ANONYMOUS:
            client.force_login(getattr(world.personas, name))
        response = _request(client, case, world)
        if response.status_code != case.expect[name]:
            failures.append(f"{name}: {response.status_code} (expected {case.expect[name]})")
    assert not failures, f"{case.method} {case.url}: " + "; ".join(failures)


def _all_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _all_routes(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route


IGNORED_ROUTES = {
    "^static/(?P<path>.*)$",  # static files
}


@pytest.mark.django_db
def test_every_route_is_in_the_matrix(world):
    covered = set()
    for case in CASES:
        match = resolve(case.resolved_url(world).split("?")[0])
        covered.add(match.route)
    missing = sorted(r for r in set(_all_routes()) - covered - IGNORED_ROUTES)
    assert not missing, "Routes without a permission-matrix case:\n" + "\n".join(missing)
