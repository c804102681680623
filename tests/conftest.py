"""Top-level tests (settings, page weight, browser) share the set-up of wahana/conftest.py.

pytest applies a conftest only to the tests below it, so its fixtures (the personas, the regions
of province 62 loaded once, autouse resets) and its pytest_configure (test-only settings) are
registered here as well, whatever fixtures it gains later. pytest_configure and the deselection of
PostgreSQL-only tests are idempotent; the CI skip check is not repeated."""

import wahana.conftest as shared

globals().update(
    {
        name: value
        for name, value in vars(shared).items()
        if hasattr(value, "_fixture_function_marker")
        or name in ("pytest_configure", "pytest_collection_modifyitems")
    }
)
