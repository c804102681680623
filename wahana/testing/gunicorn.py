# Local subprocesses and http://127.0.0.1 requests built by the tests only.
# ruff: noqa: S603, S310
"""A real gunicorn over a site of its own, for the tests that kill the server (SIGKILL) in the
middle of a write: tests/test_faults.py and wahana/luring/tests/test_kill_server.py.

The site runs on the run's kind of database: a file-based SQLite database in a temporary data
directory, or in the PostgreSQL run (DATABASE_URL) a database of its own on the same server,
named after the run (`<WAHANA_TEST_DB>_faults`), made and dropped by `site`. The test reads it
straight with the driver (`Database.rows`), never through Django, whose connection is the run's.
"""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_env(data_dir: Path) -> dict:
    """The environment of a site in `data_dir`: the test run's database settings removed."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WAHANA_TEST_DB")}
    env.update(
        WAHANA_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="wahana.config.settings",
        WAHANA_2FA_REQUIRED="false",  # the operators' second step has tests of its own
    )
    return env


def wahana(env: dict, *args: str) -> str:
    """Run `wahana <args>` on the site; answers its standard output."""
    done = subprocess.run(
        [str(VENV_BIN / "wahana"), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def start(env: dict, port: int, timeout: float = 60) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:`port` (one worker, four threads: several requests in flight), in
    a process group of its own so `kill` ends the worker with it; answers once /healthz does."""
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "wahana.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    kill(process)
    raise AssertionError("gunicorn did not start")


def kill(process: subprocess.Popen) -> None:
    """SIGKILL to the server's whole process group (master and worker), as a crash would."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def post(url: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    """POST JSON (with a bearer token when given); answers (status, JSON body)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status, json.loads(response.read())


def postgresql_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


class Database:
    """The site's database, read straight with the driver: a SQLite file in `data_dir`, or a
    PostgreSQL database made for the test (and dropped by `drop`)."""

    def __init__(self, data_dir: Path):
        self.server_url = postgresql_url()
        if self.server_url is None:
            self.path = data_dir / "wahana.sqlite3"
            self.url = None
            return
        # One name per run (WAHANA_TEST_DB): runs sharing the server do not meet.
        self.name = f"{os.environ.get('WAHANA_TEST_DB', 'test')}_faults"
        parts = urllib.parse.urlsplit(self.server_url)
        self.url = urllib.parse.urlunsplit(parts._replace(path=f"/{self.name}"))
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{self.name}"')

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as db:
            db.execute(sql)

    def drop(self) -> None:
        if self.url is not None:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def rows(self, sql: str, params=()) -> list[tuple]:
        """Rows of one query, `%s` placeholders on both databases."""
        if self.url is None:
            db = sqlite3.connect(self.path)
            try:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                db.close()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as db:
            return db.execute(sql, params).fetchall()

    def settle(self, timeout: float = 60) -> None:
        """After a kill: wait until PostgreSQL has ended the dead server's sessions (each rolls
        back its open transaction when it finds its client gone), so what is read next is final.
        A SQLite writer dies with its process."""
        if self.url is None:
            return
        deadline = time.monotonic() + timeout
        while self.rows(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [self.name],
        )[0][0]:
            assert time.monotonic() < deadline, "the killed server's sessions did not end"
            time.sleep(0.1)


@contextmanager
def site(data_dir: Path, setup: str) -> Iterator[tuple[dict, Database, str]]:
    """A migrated site in `data_dir` on the run's kind of database, prepared by the Python code
    `setup` (run by `wahana shell`); answers (env, Database, what `setup` printed). The
    PostgreSQL database is dropped afterwards."""
    env = site_env(data_dir)
    database = Database(data_dir)
    if database.url is not None:
        env["DATABASE_URL"] = database.url
    try:
        wahana(env, "migrate", "--noinput")
        yield env, database, wahana(env, "shell", "-c", setup)
    finally:
        database.drop()
