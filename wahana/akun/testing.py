"""The permission-matrix harness that every app extends.

Each domain app lists its pages and API endpoints in `<app>/tests/matrix.py`:

    def build(world):             # optional: create the records the cases need
        world.wksbm_a = ...       # (world.personas holds the personas of wahana/conftest.py)

    CASES = [
        Case("wksbm detail", "GET", "/wksbm/{wksbm_a.pk}/",
             expect=expect(ok=INSIDE_A, default=404)),
    ]

`test_permission_matrix` runs every case for every persona (and for an anonymous visitor) and
fails when a URL of the project is covered by no case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONA_NAMES = (
    "admin",
    "provinsi",
    "operator",
    "pimpinan",
    "tksk",
    "psm",
    "pengurus",
    "outsider",
    "tksk_lain",
    "operator_lain",
)
# Who sits inside Desa A (Tanjung Riu), from the widest scope to the narrowest.
INSIDE_DESA_A = ("admin", "provinsi", "operator", "pimpinan", "tksk", "psm", "pengurus")
INSIDE_KECAMATAN_A = ("admin", "provinsi", "operator", "pimpinan", "tksk")
INSIDE_KABUPATEN = (
    "admin",
    "provinsi",
    "operator",
    "pimpinan",
    "tksk",
    "psm",
    "pengurus",
    "outsider",
    "tksk_lain",
)
PENGELOLA = ("admin", "provinsi", "operator", "operator_lain")
ANONYMOUS = "anonymous"


def expect(
    *, ok=(), status: int = 200, default: int = 404, anonymous: int | None = None, **overrides: int
) -> dict[str, int]:
    """Expected status per persona: `status` for those in `ok`, `default` for the others.
    `anonymous` defaults to a redirect to the login page (302)."""
    table = {name: (status if name in ok else default) for name in PERSONA_NAMES}
    table.update(overrides)
    table[ANONYMOUS] = 302 if anonymous is None else anonymous
    return table


def expect_api(*, ok=(), status: int = 200, default: int = 404, **overrides: int):
    return expect(ok=ok, status=status, default=default, anonymous=401, **overrides)


@dataclass
class Case:
    name: str
    method: str
    url: str  # formatted with the world's attributes, e.g. "/wksbm/{wksbm_a.pk}/"
    expect: dict[str, int]
    data: dict | Callable | None = None  # form data, or a callable(world) -> data
    json: bool = False  # send `data` as a JSON body (API)
    skip_coverage: bool = field(default=False)

    def resolved_url(self, world) -> str:
        return self.url.format(**vars(world))

    def payload(self, world):
        return self.data(world) if callable(self.data) else self.data


class World:
    """Records shared by the cases of one test run (attributes set by each app's build())."""

    def __init__(self, personas):
        self.personas = personas
