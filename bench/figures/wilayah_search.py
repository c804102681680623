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


def queries(count: int) -> list[str]:
    with VILLAGES.open(newline="", encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    rng = random.Random(83762)  # the same queries on every run and every database
    return [name[: rng.randint(2, 6)].lower() for name in rng.sample(names, count)]


def _measure(client, paths: list[str]) -> list[float]:
    for path in paths[:WARMUP]:
        client.get(path)
    timings = []
    for path in paths:
        seconds, status, _body = client.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        timings.append(seconds * 1000)
    return timings


def run(ctx: Context) -> list[Row]:
    ctx.ensure_country()
    username, password = ctx.ensure_user()
    terms = [urllib.parse.quote(q) for q in queries(ctx.requests)]
    endpoints = {
        "picker /wilayah/cari/": [f"/wilayah/cari/?q={q}&tingkat=4" for q in terms],
        "API /api/v1/wilayah": [f"/api/v1/wilayah?q={q}&tingkat=4&limit=15" for q in terms],
    }
    rows = []
    with ctx.server() as browser:
        browser.login(username, password)
        program = Client(browser.base)
        program.bearer(username, password)
        for (label, paths), client in zip(endpoints.items(), (browser, program), strict=True):
            rounds = [_measure(client, paths) for _ in range(ctx.repeat)]
            p95 = [percentile(r, 95) for r in rounds]
            p50 = [percentile(r, 50) for r in rounds]
            rows.append(
                Row(
                    f"region search p95, {label}",
                    ctx.db.engine,
                    median(p95),
                    "ms",
                    TARGET_P95_MS,
                    f"p50 {median(p50):.0f} ms; {len(paths)} requests x {len(rounds)} rounds",
                    p95,
                )
            )
    return rows
