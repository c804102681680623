"""Load test on a production server (PRODUCT.md): the busy signed-in page (≥ 400 requests/s,
p99 ≤ 100 ms) and the deadline day (400 concurrent users, p95 ≤ 1 s, no error).

PostgreSQL only, as the targets say (SQLite serialises writes; it is not the production
database). Gunicorn with the workers of `make run` and persistent database connections
(DB_CONN_MAX_AGE, settings.py) serves Gunung Mas built by `wahana demo --scale kabupaten`
(127 desa, a WKSBM each, their PSM accounts `psm.<kode desa>`); bench/beban.py drives it:

- busy signed-in page: BUSY_USERS sessions, no pause, GET / (the home page of a PSM);
- deadline day: `users` sessions of the 127 PSM accounts (several sessions per account when
  more), each signed in once, then looping with a pause of THINK_S on average between actions:
  record an activity (POST /api/v1/kegiatan), record a PPKS (POST /api/v1/ppks/) or open the
  dashboard (GET /pantau/).

Sizes: `--quick` 20 users for 15 s; full 400 users for 60 s."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench.beban import page as page_action
from bench.beban import run_load
from bench.core import PG_DATABASE, PG_SERVER, Context, Row

QUICK = {"users": 20, "seconds": 15.0}
FULL = {"users": 400, "seconds": 60.0}
BUSY_USERS = 16  # enough to keep 3 sync workers busy on 2 cores without a long queue
THINK_S = 2.0
PASSWORD = "wahana-demo"  # of the synthetic accounts (wahana/config/skala.py)

TARGET_BUSY_RPS = 400.0
TARGET_BUSY_P99_MS = 100.0
TARGET_DEADLINE_P95_MS = 1000.0

ACCOUNTS = (
    "from wahana.akun.models import Peran, User\n"
    "print(','.join(User.objects.filter(peran=Peran.PSM, username__startswith='psm.62.10.')"
    ".order_by('username').values_list('username', flat=True)))\n"
)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return found


def cpu_meter(server_pid: int):
    """CPU seconds so far of the gunicorn master and workers and of the PostgreSQL backends
    serving the bench database (same machine, read from /proc), so each figure says where the
    two cores went: a load generator or database that eats them caps the figure too."""
    import psycopg

    backends: set[int] = set()

    def meter() -> dict[str, float]:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            backends.update(
                pid
                for (pid,) in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %s", (PG_DATABASE,)
                )
            )
        server = [server_pid, *_children(server_pid)]
        return {
            "gunicorn": sum(_cpu_seconds(pid) for pid in server),
            "postgresql": sum(_cpu_seconds(pid) for pid in backends),
        }

    return meter


def _cpu(summary: dict) -> str:
    return ", ".join(f"{who} {ms:.1f}" for who, ms in summary["cpu_ms_per_request"].items())


def _endpoints(summary: dict) -> str:
    return "; ".join(
        f"{label}: {row['ok']} ok, {row['errors']} err, {row['rps']:.1f}/s, "
        f"p50/p95/p99 {row['p50_ms'] or 0:.0f}/{row['p95_ms'] or 0:.0f}/{row['p99_ms'] or 0:.0f} ms"
        for label, row in summary["endpoints"].items()
    )


def run(ctx: Context) -> list[Row]:
    if ctx.db.engine != "postgresql":
        print("beban: PostgreSQL only (the production database)", file=sys.stderr)
        return []
    size = QUICK if ctx.quick else FULL
    built, _ = ctx.wahana("demo", "--scale", "kabupaten", "--wilayah", "62.10")
    ctx.country_loaded = True
    ctx.wahana("pantau", "hitung")
    _, names = ctx.wahana("shell", "-c", ACCOUNTS)
    accounts = [(name, PASSWORD) for name in names.splitlines()[-1].split(",") if name]
    label = f"{size['users']} users, {size['seconds']:.0f} s"
    with ctx.server(workers=3) as server:
        meter = cpu_meter(server.pid)
        busy = run_load(
            server.base,
            accounts,
            users=BUSY_USERS,
            seconds=size["seconds"],
            mix=(("GET /", 1, page_action("/")),),
            prepare=None,
            meter=meter,
        ).summary()
        deadline = run_load(
            server.base,
            accounts,
            users=size["users"],
            seconds=size["seconds"],
            think=THINK_S,
            meter=meter,
        ).summary()
    print(f"beban: busy page {busy}\nbeban: deadline day {deadline}", file=sys.stderr)
    where = f"gunicorn 3 workers, {len(accounts)} PSM accounts, data built in {built:.0f} s"
    return [
        Row(
            "busy signed-in page requests/s",
            "postgresql",
            busy["rps"],
            "req/s",
            TARGET_BUSY_RPS,
            f"{BUSY_USERS} sessions without pause, GET /; {busy['errors']} errors; {where}; "
            f"CPU ms per request: {_cpu(busy)}",
            at_least=True,
        ),
        Row(
            "busy signed-in page p99",
            "postgresql",
            busy["p99_ms"] or 0.0,
            "ms",
            TARGET_BUSY_P99_MS,
            f"p50 {busy['p50_ms'] or 0:.0f} ms, p95 {busy['p95_ms'] or 0:.0f} ms",
        ),
        Row(
            f"deadline day p95 ({label})",
            "postgresql",
            deadline["p95_ms"] or 0.0,
            "ms",
            TARGET_DEADLINE_P95_MS,
            f"{deadline['rps']:.1f} req/s, think {THINK_S:.0f} s; {_endpoints(deadline)}; "
            f"CPU ms per request: {_cpu(deadline)}",
        ),
        Row(
            f"deadline day errors ({label})",
            "postgresql",
            float(deadline["errors"]),
            "errors",
            0.0,
            "; ".join(f"{n}× {m}" for m, n in deadline["error_messages"].items())[:300],
        ),
    ]
