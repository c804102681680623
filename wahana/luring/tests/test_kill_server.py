"""A sync cut by a dead server: a real gunicorn (wahana/testing/gunicorn.py, on the run's kind of
database) is killed with SIGKILL while the phone's outbox is being sent (several requests in
flight); some items were stored without their answer reaching the phone. After a restart,
resending the whole outbox stores each item exactly once."""

import http.client
import threading
import time
import urllib.error
import uuid

import pytest

from wahana.conftest import DESA_A
from wahana.testing import gunicorn

PASSWORD = "Rahasia-lapangan-123"  # noqa: S105 - the test site's account only
SETUP = f"""
from wahana.akun.models import Peran, User
from wahana.wilayah.services import wilayah_load
wilayah_load(prefix="62.10")
user = User(username="psm.lapangan", peran=Peran.PSM, wilayah_id="{DESA_A}")
user.set_password("{PASSWORD}")
user.save()
"""


# A real server is killed in the middle of a sync: it runs alone, so the moment of the kill is
# not bent by another worker's load.
pytestmark = pytest.mark.serial


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
    with gunicorn.site(tmp_path, SETUP) as (env, database, _out):
        heard, stored_unheard = _sync_cut_then_retried(env, database)
        kiriman = database.rows("SELECT COUNT(*), COUNT(DISTINCT client_id) FROM luring_kiriman")
        names = dict(
            database.rows(
                "SELECT nama, COUNT(*) FROM ppks_ppks WHERE nama LIKE %s GROUP BY nama",
                ["Warga Sungai %"],
            )
        )
    assert kiriman == [(60, 60)]
    assert names == {f"Warga Sungai {n}": 1 for n in range(60)}
    assert len({body["ppks_id"] for body in heard.values()}) == 60
    # Items stored while their answer was lost were answered from the stored result on retry.
    assert all(cid in heard for cid in stored_unheard)


def _sync_cut_then_retried(env, database) -> tuple[dict[str, dict], list[str]]:
    """Sends the outbox of 60 items from four threads, kills the server mid-sync, restarts it,
    sends what was not answered, then the whole outbox again; answers (every item's answer by
    client id, client ids stored before the kill whose answer was lost)."""
    port = gunicorn.free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    server = gunicorn.start(env, port)
    try:
        login = {"username": "psm.lapangan", "password": PASSWORD}
        token = gunicorn.post(f"{base}/auth/token", login)[1]["token"]
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
                    status, body = gunicorn.post(f"{base}/luring/kirim", item, token)
                except urllib.error.HTTPError as error:
                    refused.append((error.code, error.read()[:300]))  # answered: not a cut
                    return
                except (urllib.error.URLError, ConnectionError, OSError, http.client.HTTPException):
                    # No answer, or one cut off mid-body (IncompleteRead): stays in the outbox.
                    cut.append(item["client_id"])
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
        gunicorn.kill(server)  # mid-sync, requests in flight
        for t in threads:
            t.join()
        assert cut, "the kill interrupted no request"
        database.settle()

        # The ids as the phone spells them (a UUID column: 32 hex digits on SQLite, uuid on
        # PostgreSQL); compared as stored, none was ever found in `heard`.
        stored = (
            str(uuid.UUID(str(cid)))
            for (cid,) in database.rows("SELECT client_id FROM luring_kiriman")
        )
        stored_unheard = [cid for cid in stored if cid not in heard]

        server = gunicorn.start(env, port)
        for cid, item in outbox.items():
            if cid in heard:
                continue
            status, body = gunicorn.post(f"{base}/luring/kirim", item, token)  # from the outbox
            assert status == 200
            heard[cid] = body
        # A resend of everything (a phone that lost its whole state of answers) changes nothing.
        for cid, item in outbox.items():
            assert gunicorn.post(f"{base}/luring/kirim", item, token)[1] == heard[cid]
    finally:
        gunicorn.kill(server)
    return heard, stored_unheard
