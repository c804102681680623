"""The WSGI entry point gunicorn loads (wahana/config/wsgi.py) prepares the application while a
worker boots, not in the first request it answers."""

import subprocess
import sys

PROBE = """
import sys
before = set(sys.modules)
import wahana.config.wsgi
from django.db import connections
from django.urls import get_resolver
print("api" if "wahana.config.api" in sys.modules else "no api")
print("reverse" if get_resolver()._populated else "no reverse")
opened = [c for c in connections.all(initialized_only=True) if c.connection is not None]
print("db" if opened else "no db")
"""


def test_wsgi_loads_the_urls_at_boot_without_a_database_connection():
    """The URL modules (the API's routers and schemas) are imported and the reverse map built
    by importing the WSGI module; no database connection is opened there, so a server may load
    the application before it forks its workers (gunicorn --preload) without sharing one."""
    answer = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    assert answer.stdout.split() == ["api", "reverse", "no", "db"], answer.stdout + answer.stderr
