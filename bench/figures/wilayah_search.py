"""Region search with the whole country loaded (PRODUCT.md: pick-list p95 ≤ 100 ms).

Through a real gunicorn server, as a signed-in browser (the picker endpoint /wilayah/cari/) and
as a program with a bearer token (GET /api/v1/wilayah?q=). The queries are prefixes (2 to 6
letters) of real desa names, what an officer types while the list narrows."""

import csv
import random
import urllib.parse

from bench.core import ROOT, Client, Context, Row, median, percentile

TARGET_P95_MS = 100.0
VILLAGES = ROOT / "wahana" / "wilayah" / "data" / "villages.csv"
WARMUP = 20
# Signed-in users taking turns: each stays well under the search rate limit (120 a minute).
USERS = 12


def queries(count: int) -> list[str]:
    with VILLAGES.open(newline="", encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    rng = random.Random(83762)  # the same queries on every run and every database
    return [name[: rng.randint(2, 6)].lower() for name in rng.sample(names, count)]


def _measure(clients: list, paths: list[str]) -> list[float]:
    """Milliseconds per request, the clients taking turns (warm-up requests not counted)."""
    for n, path in enumerate(paths[:WARMUP]):
        clients[n % len(clients)].get(path)
    timings = []
    for n, path in enumerate(paths):
        seconds, status, _body = clients[n % len(clients)].get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        timings.append(seconds * 1000)
    return timings


def run(ctx: Context) -> list[Row]:
    ctx.ensure_country()
    users = ctx.ensure_users(USERS)
    terms = [urllib.parse.quote(q) for q in queries(ctx.requests)]
    endpoints = {
        "picker /wilayah/cari/": [f"/wilayah/cari/?q={q}&tingkat=4" for q in terms],
        "API /api/v1/wilayah": [f"/api/v1/wilayah?q={q}&tingkat=4&limit=15" for q in terms],
    }
    rows = []
    with ctx.server() as server:
        browsers, programs = [], []
        for username, password in users:
            browser, program = Client(server.base), Client(server.base)
            browser.login(username, password)
            program.bearer(username, password)
            browsers.append(browser)
            programs.append(program)
        for (label, paths), clients in zip(endpoints.items(), (browsers, programs), strict=True):
            rounds = [_measure(clients, paths) for _ in range(ctx.repeat)]
            p95 = [percentile(r, 95) for r in rounds]
            p50 = [percentile(r, 50) for r in rounds]
            rows.append(
                Row(
                    f"region search p95, {label}",
                    ctx.db.engine,
                    median(p95),
                    "ms",
                    TARGET_P95_MS,
                    f"p50 {median(p50):.0f} ms; {len(paths)} requests x {len(rounds)} rounds, "
                    f"{len(clients)} users",
                    p95,
                )
            )
    return rows
