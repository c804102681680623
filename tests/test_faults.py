# Local subprocesses and http://127.0.0.1 requests built by this test only.
# ruff: noqa: S603, S607, S310
"""Faults: a real gunicorn is killed with SIGKILL in the middle of a fund-book write and in the
middle of a PPKS import; after a restart nothing is half-written and nothing that was answered as
stored is lost, and the interrupted work completes exactly once. The server runs on the database
of the run: a file-based SQLite database, or in the PostgreSQL run (DATABASE_URL) a PostgreSQL
database of its own on the same server. An upload that fills the disk fails with a clear message
and leaves nothing behind.

These start and kill servers (wahana/testing/gunicorn.py): they run alone (marked serial), after
the parallel run.
"""

import datetime
import errno
import hashlib
import io
import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wahana.conftest import DESA_A, PASSWORD
from wahana.testing import gunicorn

pytestmark = pytest.mark.serial

SETUP = """
from wahana.akun.models import Peran, User
from wahana.wilayah.services import wilayah_load
from wahana.wksbm.tests.factories import make_wksbm
wilayah_load(prefix="62.10")
for username, peran, kode in [
    ("operator.gumas", Peran.OPERATOR_KABUPATEN, "62.10"),
    ("pengurus.tanjungriu", Peran.PENGURUS_WKSBM, "{desa}"),
]:
    user = User(username=username, peran=peran, wilayah_id=kode)
    user.set_password("{password}")
    user.save()
wksbm = make_wksbm(user=User.objects.get(username="operator.gumas"), kode_wilayah="{desa}")
print(wksbm.pk)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated site with the Gunung Mas regions, an operator, the pengurus of Desa A and its
    WKSBM, on the run's kind of database; answers (env, wksbm id, Database). Made once for the
    kill tests of this module (a migration and set-up each, 1-2 minutes on a busy machine): each
    reads only rows of its own kind (fund entries and their audit rows; imported PPKS and the
    import's audit row), so neither sees the other's."""
    data_dir = tmp_path_factory.mktemp("site")
    with gunicorn.site(data_dir, SETUP.format(desa=DESA_A, password=PASSWORD)) as (env, db, out):
        yield env, int(out.split()[-1]), db


def _book(database: gunicorn.Database, wksbm_id: int):
    """(book row, entries in order, audit rows of entries) read straight from the database."""
    book = database.rows(
        "SELECT saldo, jumlah_entri FROM dana_bukukas WHERE wksbm_id = %s", [wksbm_id]
    )[0]
    entries = database.rows(
        "SELECT id, urutan, jumlah, saldo_setelah, uraian FROM dana_entrikas "
        "WHERE wksbm_id = %s ORDER BY urutan",
        [wksbm_id],
    )
    audited = database.rows(
        "SELECT objek_id FROM audit_auditlog WHERE aksi = %s", ["entri_kas_penerimaan"]
    )
    return tuple(book), [tuple(row) for row in entries], [int(pk) for (pk,) in audited]


def _assert_book_whole(book, entries, audited) -> None:
    """Nothing half-written: the book's balance and count match its entries, the running
    balances add up without a gap, and every entry has exactly one audit row."""
    saldo = 0
    for n, (_pk, urutan, jumlah, saldo_setelah, _uraian) in enumerate(entries, start=1):
        saldo += jumlah
        assert (urutan, saldo_setelah) == (n, saldo)
    assert book == (saldo, len(entries))
    assert sorted(audited) == sorted(pk for pk, *_ in entries)


def test_killed_during_fund_writes_loses_no_accepted_entry_and_leaves_none_half_written(site):
    env, wksbm_id, database = site
    port = gunicorn.free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    today = datetime.date.today().isoformat()

    def entry(n: int) -> dict:
        return {
            "wksbm_id": wksbm_id,
            "arah": "masuk",
            "tanggal": today,
            "jumlah": 1000 + n,
            "uraian": f"Iuran warga {n}",
            "sumber": "iuran",
        }

    server = gunicorn.start(env, port)
    try:
        login = {"username": "pengurus.tanjungriu", "password": PASSWORD}
        token = gunicorn.post(f"{base}/auth/token", login)[1]["token"]
        queue = list(range(80))
        accepted: dict[str, dict] = {}
        refused = []
        lock = threading.Lock()

        def treasurer():
            while True:
                with lock:
                    if not queue:
                        return
                    n = queue.pop(0)
                try:
                    status, body = gunicorn.post(f"{base}/dana/entri", entry(n), token)
                except urllib.error.HTTPError as error:
                    refused.append((error.code, error.read()[:300]))
                    return
                except (urllib.error.URLError, ConnectionError, OSError):
                    continue  # no answer: the treasurer does not know whether it was stored
                assert status == 201
                accepted[body["uraian"]] = body

        threads = [threading.Thread(target=treasurer) for _ in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120
        while len(accepted) < 10 and not refused and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not refused, refused
        gunicorn.kill(server)  # writes in flight
        for t in threads:
            t.join()
        database.settle()
        assert 10 <= len(accepted) < 80, "the kill interrupted no write"

        book, entries, audited = _book(database, wksbm_id)
        _assert_book_whole(book, entries, audited)
        stored = {uraian: pk for pk, _u, _j, _s, uraian in entries}
        # Every write answered 201 is in the book, as it was answered.
        for uraian, body in accepted.items():
            assert stored[uraian] == body["id"]

        server = gunicorn.start(env, port)
        # The treasurer checks the book and enters again what is missing from it.
        missing = [n for n in range(80) if f"Iuran warga {n}" not in stored]
        assert missing
        for n in missing:
            assert gunicorn.post(f"{base}/dana/entri", entry(n), token)[0] == 201
    finally:
        gunicorn.kill(server)

    book, entries, audited = _book(database, wksbm_id)
    _assert_book_whole(book, entries, audited)
    assert sorted(uraian for *_x, uraian in entries) == sorted(
        f"Iuran warga {n}" for n in range(80)
    )


class _FullDisk:
    """`os` as the file storage sees it, on a disk that fills up in the middle of a write."""

    def __init__(self):
        self.refused = 0

    def __getattr__(self, name):
        return getattr(os, name)

    def fdopen(self, fd, mode="r", *args, **kwargs):
        real = os.fdopen(fd, mode, *args, **kwargs)
        disk = self

        class Half:
            def write(self, data):
                real.write(data[: len(data) // 2])
                real.flush()
                disk.refused += 1
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            def close(self):
                real.close()

        return Half()


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 90)).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.django_db
def test_an_upload_on_a_full_disk_fails_cleanly_and_records_nothing(
    client, personas, settings, tmp_path, monkeypatch
):
    from django.core.files.storage import filesystem

    from wahana.audit.models import AuditLog
    from wahana.berkas.models import Berkas
    from wahana.luring.models import FotoLuring

    settings.MEDIA_ROOT = tmp_path / "unggahan"
    client.force_login(personas.psm)
    data = _jpeg()
    upload = {"sha256": hashlib.sha256(data).hexdigest()}

    def send():
        return client.post(
            "/api/v1/luring/foto",
            {**upload, "foto": SimpleUploadedFile("foto.jpg", data, "image/jpeg")},
        )

    disk = _FullDisk()
    monkeypatch.setattr(filesystem, "os", disk)
    response = send()

    assert disk.refused, "the upload never reached the disk"
    assert response.status_code == 422
    assert "Penyimpanan berkas gagal" in json.dumps(response.json(), ensure_ascii=False)
    assert not Berkas.objects.exists()
    assert not FotoLuring.objects.exists()
    assert not AuditLog.objects.filter(aksi="berkas_diunggah").exists()
    # Nothing half-written is left on the disk either.
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []

    monkeypatch.setattr(filesystem, "os", os)  # space freed: the same photo is stored once
    assert send().status_code == 200
    assert Berkas.objects.count() == 1
    assert FotoLuring.objects.count() == 1
    assert all(p.stat().st_size > 0 for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())


def _pg(action: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
        check=True,
        capture_output=True,
    )


def _pg_ready(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode != 0:
        assert time.monotonic() < deadline, "PostgreSQL did not come back"
        time.sleep(0.2)


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_postgresql_restart_under_load_fails_requests_cleanly_then_recovers(tmp_path):
    """The database server restarts while four clients write fund entries to a gunicorn with
    persistent connections: requests in the gap get an error answer (or none), never a partial
    write; once the server is back every request succeeds, and every 201 is in the book."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher
    from django.db import connection

    from wahana.dana.models import BukuKas, EntriKas
    from wahana.wilayah.services import wilayah_load

    wilayah_load(prefix="62.10")
    from wahana.akun.models import Peran
    from wahana.audit.models import AuditLog
    from wahana.conftest import make_user
    from wahana.wksbm.tests.factories import make_wksbm

    operator = make_user("operator.gumas", Peran.OPERATOR_KABUPATEN, "62.10")
    pengurus = make_user("pengurus.tanjungriu", Peran.PENGURUS_WKSBM, DESA_A)
    # The suite hashes with MD5 for speed; the server runs with the real hashers.
    hasher = PBKDF2PasswordHasher()
    pengurus.password = hasher.encode(PASSWORD, hasher.salt())
    pengurus.save(update_fields=["password"])
    wksbm = make_wksbm(user=operator, kode_wilayah=DESA_A)
    db = connection.settings_dict
    env = gunicorn.site_env(tmp_path)
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    port = gunicorn.free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    today = datetime.date.today().isoformat()
    server = gunicorn.start(env, port)
    try:
        login = {"username": "pengurus.tanjungriu", "password": PASSWORD}
        token = gunicorn.post(f"{base}/auth/token", login)[1]["token"]
        phase = {"name": "before"}
        answers: list[tuple[str, int | None]] = []
        accepted: list[dict] = []
        counter = iter(range(10**6))
        lock = threading.Lock()

        def treasurer():
            while phase["name"] != "stop":
                with lock:
                    n = next(counter)
                    now = phase["name"]
                body = {
                    "wksbm_id": wksbm.pk,
                    "arah": "masuk",
                    "tanggal": today,
                    "jumlah": 500 + n,
                    "uraian": f"Jimpitan {n}",
                    "sumber": "jimpitan",
                }
                try:
                    status, answer = gunicorn.post(f"{base}/dana/entri", body, token)
                    accepted.append(answer)
                except urllib.error.HTTPError as error:
                    status = error.code
                    assert b"Traceback" not in error.read()
                except (urllib.error.URLError, ConnectionError, OSError):
                    status = None  # no answer at all
                answers.append((now, status))
                time.sleep(0.02)

        threads = [threading.Thread(target=treasurer) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(2)
        phase["name"] = "down"
        _pg("restart")
        _pg_ready()
        phase["name"] = "settling"  # connections dropped by the restart are replaced
        time.sleep(1)
        phase["name"] = "after"
        time.sleep(3)
        phase["name"] = "stop"
        for t in threads:
            t.join()
    finally:
        gunicorn.kill(server)

    connection.close()  # the test's own connection died with the restart
    by_phase: dict[str, set] = {}
    for name, status in answers:
        by_phase.setdefault(name, set()).add(status)
    assert by_phase["before"] == {201}
    # In the gap: an error answer (500/503) or no answer, nothing else.
    gap = by_phase.get("down", set()) | by_phase.get("settling", set())
    assert gap <= {201, 500, 503, None}
    assert gap - {201}, "the restart interrupted no request"
    assert by_phase["after"] == {201}, by_phase
    entries = EntriKas.objects.filter(wksbm=wksbm)
    assert {e["id"] for e in accepted} <= set(entries.values_list("pk", flat=True))
    book = BukuKas.objects.get(wksbm=wksbm)
    assert book.jumlah_entri == entries.count()
    assert book.saldo == sum(entries.values_list("jumlah", flat=True))
    audited = AuditLog.objects.filter(aksi="entri_kas_penerimaan")
    assert audited.count() == entries.count()


IMPORT_SETUP = """
from django.core.files.uploadedfile import SimpleUploadedFile
from wahana.akun.models import User
from wahana.ppks import impor
with open("{path}", "rb") as f:
    upload = SimpleUploadedFile("ppks.csv", f.read())
job = impor.impor_create(acting_user=User.objects.get(username="operator.gumas"), upload=upload)
job = impor.impor_check(impor=job)
print(job.pk, job.status, job.jumlah_baru)
"""


def _import_csv(path: Path, rows: int) -> None:
    from wahana.ppks.tests.factories import make_nik

    lines = ["NIK,Nama Lengkap,L/P,Tgl Lahir,Desa/Kelurahan,Jenis PPKS"]
    for n in range(rows):
        # One birth date per row: no pair of similar names to review (a separate feature).
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=n)
        nik = make_nik(birth=birth, sex="L", serial=1 + n % 9000)
        lines.append(f"{nik},Warga Impor {n},L,{birth:%d/%m/%Y},Tanjung Riu,24")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class _Browser:
    """A signed-in browser session over urllib: cookies, and the CSRF token of each form."""

    def __init__(self, base: str):
        import http.cookiejar

        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=20) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict) -> int:
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self._csrf()}).encode()
        request = urllib.request.Request(
            self.base + path, body, {"Referer": self.base + path}, method="POST"
        )
        with self.opener.open(request, timeout=20) as response:
            return response.status

    def login(self, username: str) -> None:
        self.get("/akun/masuk/")
        self.post("/akun/masuk/", {"username": username, "password": PASSWORD})
        assert any(c.name == "sessionid" for c in self.jar), "login failed"


def _import_state(database: gunicorn.Database, pk: int):
    (status,) = database.rows("SELECT status FROM ppks_imporppks WHERE id = %s", [pk])[0]
    (people,) = database.rows(
        "SELECT COUNT(*) FROM ppks_ppks WHERE nama LIKE %s", ["Warga Impor %"]
    )[0]
    (audited,) = database.rows(
        "SELECT COUNT(*) FROM audit_auditlog WHERE aksi = %s", ["ppks_diimpor"]
    )[0]
    return status, people, audited


def test_killed_during_an_import_commit_writes_nothing_and_the_rerun_completes_once(site):
    env, _wksbm_id, database = site
    rows = 12_000
    _import_csv(env_path := Path(env["WAHANA_DATA_DIR"]) / "ppks.csv", rows)
    out = gunicorn.wahana(env, "shell", "-c", IMPORT_SETUP.format(path=env_path)).split()
    pk, status, baru = int(out[-3]), out[-2], int(out[-1])
    assert (status, baru) == ("diperiksa", rows)
    gunicorn.wahana(env, "collectstatic", "--noinput")  # the pages need the static manifest

    port = gunicorn.free_port()
    server = gunicorn.start(env, port)
    try:
        browser = _Browser(f"http://127.0.0.1:{port}")
        browser.login("operator.gumas")
        browser.post(f"/ppks/impor/{pk}/simpan/", {})
        deadline = time.monotonic() + 60
        while _import_state(database, pk)[0] != "menyimpan":
            assert time.monotonic() < deadline, "the commit did not start"
            time.sleep(0.05)
        if database.url is not None:
            # PostgreSQL shows the rows written so far from a second connection: wait for some.
            progress = "SELECT diproses FROM ppks_imporppks WHERE id = %s"
            while not database.rows(progress, [pk])[0][0]:
                assert time.monotonic() < deadline, "the commit wrote no row"
                time.sleep(0.05)
        else:
            time.sleep(0.5)  # inside the commit's transaction, rows being written
        gunicorn.kill(server)
        database.settle()

        # All or nothing: not one person of the file, no audit row, the import not finished.
        assert _import_state(database, pk) == ("menyimpan", 0, 0)

        server = gunicorn.start(env, port)
        browser = _Browser(f"http://127.0.0.1:{port}")
        browser.login("operator.gumas")
        browser.post(f"/ppks/impor/{pk}/simpan/", {})  # the uploader saves it again
        deadline = time.monotonic() + 300
        while _import_state(database, pk)[0] == "menyimpan":
            assert time.monotonic() < deadline, "the re-run did not finish"
            time.sleep(0.2)
        assert _import_state(database, pk) == ("selesai", rows, 1)
        browser.post(f"/ppks/impor/{pk}/simpan/", {})  # a third time changes nothing
        time.sleep(1)
        assert _import_state(database, pk) == ("selesai", rows, 1)
    finally:
        gunicorn.kill(server)
