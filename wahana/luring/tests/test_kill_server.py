# Local subprocesses and http://127.0.0.1 requests built by this test only.
# ruff: noqa: S603, S310
"""A sync cut by a dead server: a real gunicorn on a file-based SQLite database is killed with
SIGKILL while the phone's outbox is being sent (several requests in flight); some items were
stored without their answer reaching the phone. After a restart, resending the whole outbox
stores each item exactly once."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from wahana.conftest import DESA_A

VENV_BIN = Path(sys.executable).parent
CSRF = "k" * 32
SETUP = """
from wahana.akun.models import Peran, User
from wahana.wilayah.services import wilayah_load
wilayah_load(prefix="62.10")
user = User(username="psm.lapangan", peran=Peran.PSM, wilayah_id="{desa}")
user.set_password("Rahasia-lapangan-123")
user.save()
"""


# A real server is killed in the middle of a sync: it runs alone, so the moment of the kill is
# not bent by another worker's load.
pytestmark = pytest.mark.serial


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WAHANA_TEST_DB")}
    env.update(WAHANA_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="wahana.config.settings")
    return env


def _start(env, port):
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
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    process.kill()
    raise AssertionError("gunicorn did not start")


def _post(url, body: dict, token: str | None = None):
    # A bearer request still passes the session authenticator's CSRF check first (django-ninja):
    # like a phone app, send a CSRF cookie and the same value in the header.
    headers = {
        "Content-Type": "application/json",
        "Cookie": f"csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def _item(n: int) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "jenis": "ppks",
        "data": {
            "kode_wilayah": DESA_A,
            "nama": f"Warga Sungai {n}",
            "alamat": "Tepi Kahayan",
            "jenis": ["24"],
            "konfirmasi_duplikat": True,
        },
    }


def test_killed_server_then_retry_stores_each_item_once(tmp_path):
    env = _env(tmp_path)
    subprocess.run(
        [str(VENV_BIN / "wahana"), "migrate", "--noinput"], env=env, check=True, capture_output=True
    )
    subprocess.run(
        [str(VENV_BIN / "wahana"), "shell", "-c", SETUP.format(desa=DESA_A)],
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    server = _start(env, port)
    try:
        token = _post(
            f"{base}/auth/token", {"username": "psm.lapangan", "password": "Rahasia-lapangan-123"}
        )[1]["token"]
        outbox = {item["client_id"]: item for item in (_item(n) for n in range(60))}
        heard: dict[str, dict] = {}
        cut = []
        refused = []
        queue = list(outbox.values())
        lock = threading.Lock()

        def phone():
            while True:
                with lock:
                    if not queue:
                        return
                    item = queue.pop()
                try:
                    status, body = _post(f"{base}/luring/kirim", item, token)
                except urllib.error.HTTPError as error:
                    refused.append((error.code, error.read()[:300]))  # answered: not a cut
                    return
                except (urllib.error.URLError, ConnectionError, OSError):
                    cut.append(item["client_id"])  # no answer: stays in the outbox
                    continue
                assert status == 200
                heard[item["client_id"]] = body

        threads = [threading.Thread(target=phone) for _ in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while len(heard) < 8 and not refused and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not refused, refused
        os.killpg(server.pid, signal.SIGKILL)  # mid-sync, requests in flight
        server.wait()
        for t in threads:
            t.join()
        assert cut, "the kill interrupted no request"

        database = sqlite3.connect(tmp_path / "wahana.sqlite3")
        stored_unheard = [
            cid
            for (cid,) in database.execute("SELECT client_id FROM luring_kiriman")
            if str(uuid.UUID(cid)) not in heard
        ]
        database.close()

        server = _start(env, port)
        for cid, item in outbox.items():
            if cid in heard:
                continue
            status, body = _post(f"{base}/luring/kirim", item, token)  # retry from the outbox
            assert status == 200
            heard[cid] = body
        # A resend of everything (a phone that lost its whole state of answers) changes nothing.
        for cid, item in outbox.items():
            assert _post(f"{base}/luring/kirim", item, token)[1] == heard[cid]
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()

    database = sqlite3.connect(tmp_path / "wahana.sqlite3")
    kiriman = database.execute(
        "SELECT COUNT(*), COUNT(DISTINCT client_id) FROM luring_kiriman"
    ).fetchone()
    names = dict(
        database.execute(
            "SELECT nama, COUNT(*) FROM ppks_ppks WHERE nama LIKE 'Warga Sungai %' GROUP BY nama"
        ).fetchall()
    )
    database.close()
    assert kiriman == (60, 60)
    assert names == {f"Warga Sungai {n}": 1 for n in range(60)}
    assert len({body["ppks_id"] for body in heard.values()}) == 60
    # Items stored while their answer was lost were answered from the stored result on retry.
    assert all(cid in heard for cid in stored_unheard)
