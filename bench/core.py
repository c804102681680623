"""What every figure needs: a throw-away database per engine, the real `wahana` command in a
subprocess, a real production server, and honest statistics (medians, percentiles)."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# The local server of these machines trusts local connections (as `make test` does).
PG_SERVER = os.getenv("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
# One database name per bench run that may overlap another (BENCH_PG_DATABASE=wahana_bench_x).
PG_DATABASE = os.getenv("BENCH_PG_DATABASE", "wahana_bench")
BENCH_USER = "bench.pimpinan"
BENCH_PASSWORD = "bench-wahana-2026"  # a throw-away account in a throw-away database


@dataclass
class Row:
    """One line of the table: a figure measured on one database against its target."""

    figure: str
    database: str
    measured: float
    unit: str
    target: float | None = None
    detail: str = ""
    samples: list[float] = field(default_factory=list)
    # The target is a floor (requests per second), not a ceiling.
    at_least: bool = False

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.measured >= self.target if self.at_least else self.measured <= self.target

    def as_dict(self) -> dict:
        return {**asdict(self), "met": self.met}


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 200 samples is the 190th smallest)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def median(values: list[float]) -> float:
    return statistics.median(values)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Database:
    """A database the bench creates, resets between repeats and drops at the end."""

    engine = ""

    def __init__(self) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix=f"wahana-bench-{self.engine}-"))

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WAHANA_ENV")}
        env.update(WAHANA_DATA_DIR=str(self.data_dir), WAHANA_DEBUG="0", LOG_LEVEL="WARNING")
        return env

    def reset(self) -> None:
        raise NotImplementedError

    def drop(self) -> None:
        shutil.rmtree(self.data_dir, ignore_errors=True)


class SqliteDatabase(Database):
    engine = "sqlite"

    def reset(self) -> None:
        for path in self.data_dir.glob("wahana.sqlite3*"):
            path.unlink()


class PostgresDatabase(Database):
    engine = "postgresql"

    def __init__(self) -> None:
        super().__init__()
        self.url = f"{PG_SERVER}/{PG_DATABASE}"

    def env(self) -> dict[str, str]:
        return {**super().env(), "DATABASE_URL": self.url}

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def reset(self) -> None:
        self._admin(
            f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)", f"CREATE DATABASE {PG_DATABASE}"
        )

    def drop(self) -> None:
        self._admin(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        super().drop()


DATABASES = {"sqlite": SqliteDatabase, "postgresql": PostgresDatabase}


def _command(name: str) -> list[str]:
    script = BIN / name
    return [str(script)] if script.exists() else [sys.executable, "-m", f"{name}"]


@dataclass
class Context:
    """Handed to every figure: the database under test and the options of this run."""

    db: Database
    repeat: int = 3
    requests: int = 200
    country_loaded: bool = False
    # Smaller data sets for a sanity run (`make bench BENCH_ARGS=--quick`); each figure says
    # which size it ran.
    quick: bool = False

    def wahana(
        self, *args: str, prefix: Sequence[str] = (), timeout: float | None = None
    ) -> tuple[float, str]:
        """Run the real `wahana` command; returns (wall seconds, stdout). `prefix` runs it through
        a wrapper (e.g. one that reports the child's peak memory); `timeout` raises
        subprocess.TimeoutExpired."""
        started = time.perf_counter()
        done = subprocess.run(
            [*prefix, *_command("wahana"), *args],
            env=self.db.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
        elapsed = time.perf_counter() - started
        if done.returncode:
            raise RuntimeError(f"wahana {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return elapsed, done.stdout.strip()

    def fresh(self) -> None:
        """An empty, migrated database."""
        self.db.reset()
        self.wahana("migrate", "--noinput", "-v0")
        self.country_loaded = False

    def ensure_country(self) -> None:
        """All of Indonesia's regions loaded (a no-change re-run if already there)."""
        if not self.country_loaded:
            self.wahana("wilayah", "load")
            self.country_loaded = True

    def ensure_users(self, count: int) -> list[tuple[str, str]]:
        """`count` Pimpinan with the whole nation in scope, to sign in with. Several users, as
        in real use: search is rate-limited per user, and Pimpinan needs no second factor."""
        names = [f"{BENCH_USER}.{n:02d}" for n in range(count)]
        code = (
            "from wahana.akun.models import Peran, User\n"
            f"for name in {names!r}:\n"
            "    u, _ = User.objects.get_or_create(username=name,"
            " defaults={'peran': Peran.PIMPINAN})\n"
            f"    u.set_password({BENCH_PASSWORD!r}); u.save()\n"
        )
        self.wahana("shell", "-c", code)
        return [(name, BENCH_PASSWORD) for name in names]

    @contextlib.contextmanager
    def server(self, workers: int = 2):
        """Gunicorn (the production server of `make run`) on a free local port."""
        # Without DEBUG, pages need the collected static files (whitenoise's manifest).
        self.wahana("collectstatic", "--noinput", "-v0")
        port = free_port()
        process = subprocess.Popen(
            [
                *_command("gunicorn"),
                "wahana.config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=self.db.env(),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(150):
                with (
                    contextlib.suppress(OSError),
                    urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer,
                ):
                    if answer.status == 200:
                        break
                if process.poll() is not None:
                    raise RuntimeError("gunicorn stopped while starting")
                time.sleep(0.2)
            else:
                raise RuntimeError("gunicorn did not answer /healthz within 30 s")
            client = Client(base)
            client.pid = process.pid  # the gunicorn master, for the CPU its workers use
            yield client
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Client:
    """A small HTTP client that keeps a session cookie or a bearer token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.pid: int | None = None
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.headers: dict[str, str] = {}

    def get(self, path: str) -> tuple[float, int, bytes]:
        """(seconds, status, body) of one GET, timed from request to last byte."""
        request = urllib.request.Request(self.base + path, headers=self.headers)
        started = time.perf_counter()
        with self.opener.open(request, timeout=30) as answer:
            body = answer.read()
        return time.perf_counter() - started, answer.status, body

    def login(self, username: str, password: str) -> None:
        """Sign in through the login page, as a browser does (session cookie + CSRF)."""
        self.get("/akun/masuk/")
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.base + "/akun/masuk/", data=data, headers={"Referer": self.base + "/akun/masuk/"}
        )
        with self.opener.open(request, timeout=30):
            pass
        if not any(c.name == "sessionid" for c in self.cookies):
            raise RuntimeError(f"login as {username} failed")

    def bearer(self, username: str, password: str) -> None:
        """Use a token from POST /api/v1/auth/token, as a program does."""
        request = urllib.request.Request(
            self.base + "/api/v1/auth/token",
            data=json.dumps({"username": username, "password": password}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            token = json.load(answer)["token"]
        self.headers["Authorization"] = f"Bearer {token}"
