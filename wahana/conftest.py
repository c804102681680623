"""Shared test set-up: regions of Kalimantan Tengah loaded once, and named personas.

Personas (STYLE.md): the officer and PSM of Desa A (Tanjung Riu), the TKSK of its kecamatan
(Kurun), the kabupaten operator and Pimpinan of Gunung Mas, the province admin, and outsiders:
an officer of another desa, the TKSK of another kecamatan, and an operator of another kabupaten.
"""

import os
from dataclasses import dataclass

import pytest
from django.conf import settings

from wahana.akun.models import Peran, User

DESA_A = "62.10.02.2003"  # Tanjung Riu, Kecamatan Kurun
DESA_B = "62.10.01.2002"  # Sepang Kota, Kecamatan Sepang
KECAMATAN_A = "62.10.02"
KECAMATAN_B = "62.10.01"
KABUPATEN = "62.10"  # Gunung Mas
KABUPATEN_LAIN = "62.01"  # Kotawaringin Barat
PROVINSI = "62"
PASSWORD = "sandi-uji-Wahana-2026"  # noqa: S105 - test accounts only


def pytest_configure(config):
    # Tests render templates without a collected static manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The suite checks roles and scope with `force_login`, which has no second step; two-step
    # verification is switched on and tested by wahana/akun/tests/test_otp.py (including every
    # page of an unverified operator being refused).
    settings.WAHANA_2FA_REQUIRED = False
    # The replica alias of wahana/config/routers.py, a mirror of the test database: the router
    # tests install the router and read through it (unused otherwise).
    settings.DATABASES.setdefault(
        "replica", {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` (restarting the server, say) belong to the PostgreSQL run only:
    deselected, not skipped, when DATABASE_URL is not PostgreSQL (CI fails on any skip)."""
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return
    chosen = [item for item in items if item.get_closest_marker("postgresql") is None]
    if len(chosen) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in chosen])
        items[:] = chosen


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # Under CI every test must run: a skip is a failure of the set-up, not a pass.
    skipped = terminalreporter.stats.get("skipped", [])
    if os.environ.get("CI") == "true" and skipped:
        terminalreporter.write_line(
            f"CI=true: {len(skipped)} test(s) skipped; failing the run.", red=True
        )
        terminalreporter._session.exitstatus = 1


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if os.environ.get("CI") == "true" and reporter and reporter.stats.get("skipped"):
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _rate_limits_reset():
    """Rate-limit counters (wahana/akun/ratelimit.py) live in the cache: every test starts at 0."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from wahana.wilayah.services import wilayah_load

    with django_db_blocker.unblock():
        wilayah_load(prefix=PROVINSI)


REFERENCE_SEEDS = (
    "wahana.wksbm.migrations.0002_seed_jenis_lembaga",
    "wahana.ppks.migrations.0002_seed_jenis_ppks_psks",
)


def reload_reference_data() -> None:
    """The regions of the personas and the kinds seeded by data migrations, for a transactional
    test: every transactional test empties every table when it ends, these included (the loader
    and the seeds are idempotent)."""
    import importlib

    from django.apps import apps as django_apps

    from wahana.wilayah.services import wilayah_load

    wilayah_load(prefix=KABUPATEN)
    wilayah_load(prefix=KABUPATEN_LAIN)
    for migration in REFERENCE_SEEDS:
        importlib.import_module(migration).seed(django_apps, None)


def make_user(username: str, peran: str, kode: str) -> User:
    user = User(
        username=username,
        first_name=username.replace(".", " ").title(),
        peran=peran,
        wilayah_id=kode or None,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@dataclass
class Personas:
    admin: User
    provinsi: User
    operator: User
    pimpinan: User
    tksk: User
    psm: User
    pengurus: User
    outsider: User
    tksk_lain: User
    operator_lain: User

    def items(self):
        return self.__dict__.items()


def make_personas() -> Personas:
    return Personas(
        admin=make_user("admin.sistem", Peran.ADMIN_SISTEM, ""),
        provinsi=make_user("admin.kalteng", Peran.ADMIN_PROVINSI, PROVINSI),
        operator=make_user("operator.gumas", Peran.OPERATOR_KABUPATEN, KABUPATEN),
        pimpinan=make_user("pimpinan.gumas", Peran.PIMPINAN, KABUPATEN),
        tksk=make_user("tksk.kurun", Peran.TKSK, KECAMATAN_A),
        psm=make_user("psm.tanjungriu", Peran.PSM, DESA_A),
        pengurus=make_user("pengurus.tanjungriu", Peran.PENGURUS_WKSBM, DESA_A),
        outsider=make_user("pengurus.sepangkota", Peran.PENGURUS_WKSBM, DESA_B),
        tksk_lain=make_user("tksk.sepang", Peran.TKSK, KECAMATAN_B),
        operator_lain=make_user("operator.kobar", Peran.OPERATOR_KABUPATEN, KABUPATEN_LAIN),
    )


@pytest.fixture
def personas(db) -> Personas:
    from wahana.ppks.models import JenisPpks
    from wahana.wilayah.models import Wilayah
    from wahana.wksbm.models import JenisLembaga

    # In a transactional test run after another one, the session's regions are gone, or (when
    # that test spared the regions with `available_apps`) the kinds seeded by migrations.
    if not (
        Wilayah.objects.filter(kode=KABUPATEN_LAIN).exists()
        and JenisPpks.objects.exists()
        and JenisLembaga.objects.exists()
    ):
        reload_reference_data()
    return make_personas()
