"""Regions are public reference data: every signed-in user may read them."""

from wahana.akun.testing import PERSONA_NAMES, Case, expect, expect_api

CASES = [
    Case("wilayah browse", "GET", "/wilayah/", expect(ok=PERSONA_NAMES)),
    Case("wilayah detail", "GET", "/wilayah/62.10/", expect(ok=PERSONA_NAMES)),
    Case("wilayah search", "GET", "/wilayah/62.10/?q=riu", expect(ok=PERSONA_NAMES)),
    Case(
        "wilayah picker",
        "GET",
        "/wilayah/cari/?q=tanjung&dalam=62.10&tingkat=4",
        expect(ok=PERSONA_NAMES),
    ),
    Case("api wilayah list", "GET", "/api/v1/wilayah?induk=62.10", expect_api(ok=PERSONA_NAMES)),
    Case(
        "api wilayah detail", "GET", "/api/v1/wilayah/62.10.02.2003", expect_api(ok=PERSONA_NAMES)
    ),
]
