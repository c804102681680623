"""Top-level tests (settings, page weight, browser) share the set-up of wahana/conftest.py:
test-only settings, the regions of province 62 loaded once, and the personas. Importing the
hook and fixtures here registers them for this directory too; pytest_configure is idempotent."""

from wahana.conftest import django_db_setup, personas, pytest_configure  # noqa: F401
