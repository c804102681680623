"""A load generator: N concurrent signed-in users against a running server, standard library
only (threads and http.client; no client library is pinned in requirements.txt).

Each virtual user has its own session: it signs in once through the login page (session
cookie and CSRF token, as a browser), then loops over its actions until the time is up, with
a think time between them (none for the busy-page figure). Every answer other than the one
expected, and every connection failure or timeout, is an error.

    python -m bench.beban --base http://127.0.0.1:8000 --users 20 --seconds 15 \\
        --akun psm.62.10.01.2001:wahana-demo,psm.62.10.01.2002:wahana-demo

(bench/figures/beban.py starts the server, seeds the data and runs both figures.)"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import threading
import time
import urllib.parse
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from http.cookies import SimpleCookie

from bench.core import percentile

TIMEOUT_S = 30.0
# Sign-in hashes the password (PBKDF2, by design slow): on a busy machine, with hundreds of
# sessions signing in before the measured window, it is given longer and retried.
SIGN_IN_TIMEOUT_S = 120.0
SIGN_IN_TRIES = 3


class Galat(Exception):
    """An answer the load test counts as an error."""


class Sesi:
    """One browser: its own connection, cookies and CSRF token."""

    def __init__(self, base: str) -> None:
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.timeout = TIMEOUT_S

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET" and "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                answer = self.conn.getresponse()
                data = answer.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # Gunicorn's sync workers close the connection after each answer: a kept
                # connection may be gone before it is reused. Retry once on a new one, only
                # when nothing was answered.
                self.close()
                if attempt == 2:
                    raise
                continue
            for header in answer.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            if answer.will_close:
                self.close()
            return answer.status, data
        raise AssertionError("unreachable")

    def login(self, username: str, password: str) -> None:
        self.close()
        self.timeout = SIGN_IN_TIMEOUT_S
        try:
            self._login(username, password)
        finally:
            self.close()
            self.timeout = TIMEOUT_S

    def _login(self, username: str, password: str) -> None:
        self.request("GET", "/akun/masuk/")
        form = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            }
        ).encode()
        status, _ = self.request(
            "POST",
            "/akun/masuk/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise Galat(f"sign-in of {username} answered {status}")

    def json(self, method: str, path: str, payload=None) -> tuple[int, object]:
        body = None if payload is None else json.dumps(payload).encode()
        status, data = self.request(
            method, path, body=body, headers={"Content-Type": "application/json"}
        )
        return status, (json.loads(data) if data else None)


@dataclass
class Pengguna:
    """A signed-in virtual user and what it needs for its actions."""

    sesi: Sesi
    username: str
    wksbm_id: int | None = None
    kode_wilayah: str = ""
    rng: random.Random = field(default_factory=random.Random)


def _expect(status: int, wanted: int, what: str) -> None:
    if status != wanted:
        raise Galat(f"{what} answered {status}")


def page(path: str) -> Callable[[Pengguna], None]:
    def get(user: Pengguna) -> None:
        status, _ = user.sesi.request("GET", path)
        _expect(status, 200, path)

    return get


def kegiatan_create(user: Pengguna) -> None:
    """A WKSBM activity recorded by its village's PSM (POST /api/v1/kegiatan, a draft)."""
    status, _ = user.sesi.json(
        "POST",
        "/api/v1/kegiatan",
        {
            "wksbm_id": user.wksbm_id,
            "judul": f"Kegiatan beban {uuid.uuid4().hex[:8]}",
            "jenis": user.rng.choice(["pencegahan", "pemberdayaan", "sosialisasi"]),
            "tanggal": date.today().isoformat(),
            "tempat": "Balai desa",
            "sumber_dana": user.rng.choice(["kas_wksbm", "dana_desa", "tanpa_biaya"]),
            "uraian": "Data uji beban (fiktif).",
            "jumlah_peserta": user.rng.randint(5, 40),
        },
    )
    _expect(status, 201, "POST /api/v1/kegiatan")


def ppks_create(user: Pengguna) -> None:
    """A PPKS identified by the PSM in its village (POST /api/v1/ppks/); a new name each time,
    so no duplicate check stops it."""
    status, _ = user.sesi.json(
        "POST",
        "/api/v1/ppks/",
        {
            "nama": f"Beban Uji {uuid.uuid4().hex[:10]}",
            "kode_wilayah": user.kode_wilayah,
            "jenis": [user.rng.choice(["01", "06", "08", "14", "24"])],
            "jenis_kelamin": user.rng.choice(["L", "P"]),
            "alamat": "Data uji beban (fiktif)",
        },
    )
    _expect(status, 201, "POST /api/v1/ppks/")


def wksbm_of(user: Pengguna) -> None:
    """The user's own WKSBM and village, for its writes."""
    status, data = user.sesi.json("GET", "/api/v1/wksbm?limit=1")
    _expect(status, 200, "GET /api/v1/wksbm")
    items = data["items"] if isinstance(data, dict) else []
    if not items:
        raise Galat(f"{user.username} sees no WKSBM")
    user.wksbm_id, user.kode_wilayah = items[0]["id"], items[0]["kode_wilayah"]


# The deadline-day mix: (label, weight, action).
CAMPURAN = (
    ("POST /api/v1/kegiatan", 3, kegiatan_create),
    ("POST /api/v1/ppks/", 3, ppks_create),
    ("GET /pantau/", 4, page("/pantau/")),
)


@dataclass
class Hasil:
    """Samples per endpoint over the measured window."""

    seconds: float
    users: int
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    messages: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # CPU seconds used over the measured window, by who used them (see run_load's `meter`).
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latency.values()) + sum(self.errors.values())

    def summary(self) -> dict:
        rows = {}
        for label in sorted(set(self.latency) | set(self.errors)):
            ms = [s * 1000 for s in self.latency[label]]
            rows[label] = {
                "ok": len(ms),
                "errors": self.errors[label],
                "rps": len(ms) / self.seconds,
                **{f"p{p}_ms": (percentile(ms, p) if ms else None) for p in (50, 95, 99)},
            }
        every = [s * 1000 for v in self.latency.values() for s in v]
        return {
            "users": self.users,
            "seconds": self.seconds,
            "requests": self.requests,
            "rps": len(every) / self.seconds,
            "errors": sum(self.errors.values()),
            "p50_ms": percentile(every, 50) if every else None,
            "p95_ms": percentile(every, 95) if every else None,
            "p99_ms": percentile(every, 99) if every else None,
            "endpoints": rows,
            "error_messages": dict(self.messages),
            "cpu_ms_per_request": {
                who: 1000 * seconds / max(self.requests, 1) for who, seconds in self.cpu.items()
            },
        }


def run_load(
    base: str,
    accounts: list[tuple[str, str]],
    *,
    users: int,
    seconds: float,
    mix=CAMPURAN,
    think: float = 0.0,
    prepare: Callable[[Pengguna], None] | None = wksbm_of,
    login_parallel: int = 3,
    meter: Callable[[], dict[str, float]] | None = None,
) -> Hasil:
    """Sign `users` sessions in (accounts used in turn, several sessions per account when
    fewer), then let them loop over `mix` for `seconds`; `think` is the mean pause between two
    actions of one user (uniform between 0 and twice it). `meter` answers CPU seconds used so
    far by name (server, database...); it is read when the window opens and when it closes,
    and the load generator's own CPU (this process) is added as "generator"."""
    signed: list[Pengguna] = []
    lock = threading.Lock()
    failures: list[str] = []
    queue = list(range(users))

    def sign_in_worker() -> None:
        while True:
            with lock:
                if not queue:
                    return
                n = queue.pop()
            username, password = accounts[n % len(accounts)]
            user = Pengguna(sesi=Sesi(base), username=username, rng=random.Random(n))
            for tries in range(1, SIGN_IN_TRIES + 1):
                try:
                    user.sesi.login(username, password)
                    if prepare is not None:
                        prepare(user)
                    break
                except (Galat, OSError, http.client.HTTPException) as error:
                    user.sesi.close()
                    if tries == SIGN_IN_TRIES:
                        with lock:
                            failures.append(f"{username}: {error}")
            else:
                continue
            with lock:
                signed.append(user)

    starters = [threading.Thread(target=sign_in_worker) for _ in range(login_parallel)]
    for thread in starters:
        thread.start()
    for thread in starters:
        thread.join()
    if failures:
        raise Galat(f"{len(failures)} of {users} users could not sign in: {failures[:3]}")

    result = Hasil(seconds=seconds, users=users)
    labels = [label for label, _, _ in mix]
    weights = [weight for _, weight, _ in mix]
    actions = {label: action for label, _, action in mix}
    start = threading.Event()
    deadline = [0.0]

    def loop(user: Pengguna) -> None:
        start.wait()
        # Spread the first actions over the think time, as users do not all click at once.
        if think:
            time.sleep(user.rng.uniform(0, 2 * think))
        while time.perf_counter() < deadline[0]:
            label = user.rng.choices(labels, weights)[0]
            began = time.perf_counter()
            try:
                actions[label](user)
            except (Galat, OSError, http.client.HTTPException, ValueError) as error:
                user.sesi.close()
                with lock:
                    result.errors[label] += 1
                    result.messages[f"{type(error).__name__}: {error}"[:120]] += 1
            else:
                # An action begun in the window counts, however late it ends: the slowest
                # answers are the ones the percentiles are for.
                with lock:
                    result.latency[label].append(time.perf_counter() - began)
            if think:
                time.sleep(user.rng.uniform(0, 2 * think))
        user.sesi.close()

    threads = [threading.Thread(target=loop, args=(user,), daemon=True) for user in signed]
    for thread in threads:
        thread.start()

    def cpu_now() -> dict[str, float]:
        return {**(meter() if meter else {}), "generator": time.process_time()}

    cpu_before = cpu_now()
    deadline[0] = time.perf_counter() + seconds
    start.set()
    for thread in threads:
        thread.join(timeout=seconds + TIMEOUT_S + 5)
    cpu_after = cpu_now()
    result.cpu = {who: cpu_after[who] - cpu_before.get(who, 0.0) for who in cpu_after}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.beban", description=__doc__)
    parser.add_argument("--base", required=True)
    parser.add_argument("--akun", required=True, help="user:password,user:password,...")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between actions")
    args = parser.parse_args(argv)
    accounts = [tuple(pair.split(":", 1)) for pair in args.akun.split(",") if pair]
    result = run_load(args.base, accounts, users=args.users, seconds=args.seconds, think=args.think)
    print(json.dumps(result.summary(), indent=2))
    return 1 if result.summary()["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
