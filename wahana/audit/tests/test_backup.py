"""Back up, destroy, restore, compare: rows per table and upload checksums come back exactly.

These tests commit (pg_dump and the SQLite backup API read the database from another
connection), so Django empties the tables of the apps below afterwards; the restore writes back
the regions loaded once for the session exactly as they were.
"""

import io
import json
import sqlite3
import tarfile
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from wahana.akun.models import Peran, User
from wahana.audit import backup
from wahana.audit.services import audit_record
from wahana.berkas.models import Berkas
from wahana.berkas.services import berkas_store
from wahana.conftest import DESA_A, make_user

AVAILABLE_APPS = ["wahana.audit", "wahana.berkas", "wahana.akun"]


def _png(colour) -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(data, "PNG")
    return SimpleUploadedFile("foto.png", data.getvalue(), content_type="image/png")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "unggahan"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def data(transactional_db, media):
    operator = make_user("cadangan.operator", Peran.OPERATOR_KABUPATEN, "62.10")
    for number in range(3):
        make_user(f"cadangan.psm{number}", Peran.PSM, DESA_A)
    audit_record(actor=operator, aksi="uji_cadangan", kode_wilayah=DESA_A)
    for colour in ("red", "green"):
        berkas_store(
            acting_user=operator,
            upload=_png(colour),
            kode_wilayah=DESA_A,
            jenis=Berkas.Jenis.FOTO,
        )
    return operator


def _snapshot(media) -> tuple[dict, dict]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = backup._count_rows(cursor, tables, connection.ops.quote_name)
    files = {rel: backup.sha256_of(path) for rel, path in backup._upload_files(media).items()}
    return counts, files


def _destroy(media) -> None:
    """Lose rows of several tables and every upload, and leave a stray file behind."""
    Berkas.objects.all().delete()
    User.objects.filter(username__startswith="cadangan.psm").delete()
    with connection.cursor() as cursor:
        # The audit log refuses DELETE (trigger on PostgreSQL); only its owner empties it.
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE audit_auditlog")
        else:
            cursor.execute("DELETE FROM audit_auditlog")
    for path in backup._upload_files(media).values():
        path.unlink()
    (media / "asing.txt").write_text("bukan dari cadangan")


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_backup_destroy_restore_compare(data, media, tmp_path):
    before_counts, before_files = _snapshot(media)
    assert len(before_files) >= 2
    assert before_counts["akun_user"] >= 4

    call_command("backup", output=str(tmp_path / "cadangan"), stdout=io.StringIO())
    (archive,) = (tmp_path / "cadangan").glob("wahana-cadangan-*.tar.gz")
    _destroy(media)
    assert _snapshot(media) != (before_counts, before_files)

    out = io.StringIO()
    call_command("restore", str(archive), interactive=False, stdout=out)

    assert _snapshot(media) == (before_counts, before_files)
    assert "Dipulihkan dan diperiksa" in out.getvalue()
    assert User.objects.filter(username="cadangan.psm2", peran=Peran.PSM).exists()
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("unggahan.sebelum-pemulihan-")]
    assert len(aside) == 1 and (aside[0] / "asing.txt").exists()


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_manifest_counts_rows_and_checksums_every_member(data, media, tmp_path):
    counts, files = _snapshot(media)

    archive = backup.backup_create(output_dir=tmp_path)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["basisdata"] == connection.vendor
    assert manifest["jumlah_baris"] == counts
    assert {f"unggahan/{rel}": digest for rel, digest in files.items()}.items() <= manifest[
        "sha256"
    ].items()
    assert set(manifest["sha256"]) | {"manifest.json"} == names


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_restore_refuses_a_tampered_archive_and_changes_nothing(data, media, tmp_path):
    archive = backup.backup_create(output_dir=tmp_path / "asli")
    tampered = tmp_path / "diubah.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.startswith("unggahan/"):
                content = content[:-1] + b"\x00"
            target.addfile(member, io.BytesIO(content))
    counts, files = _snapshot(media)
    User.objects.filter(username="cadangan.psm0").delete()

    with pytest.raises(CommandError, match="Checksum tidak cocok"):
        call_command("restore", str(tampered), interactive=False, stdout=io.StringIO())

    assert not User.objects.filter(username="cadangan.psm0").exists()
    assert _snapshot(media)[1] == files


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_restore_refuses_paths_outside_the_archive(data, media, tmp_path):
    evil = tmp_path / "jahat.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("../keluar.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))

    with pytest.raises(CommandError, match="tidak aman"):
        call_command("restore", str(evil), interactive=False, stdout=io.StringIO())

    assert not (tmp_path / "keluar.txt").exists()


def _open_writer():
    """A second connection of the application, in the middle of a write transaction."""
    if connection.vendor == "sqlite":
        writer = sqlite3.connect(connection.settings_dict["NAME"], check_same_thread=False)
        writer.execute("BEGIN IMMEDIATE")
    else:
        writer = connection.get_new_connection(connection.get_connection_params())
    writer.execute(
        "INSERT INTO audit_auditlog (waktu, pelaku_nama, aksi, objek_tipe, objek_id,"
        " kode_wilayah, keterangan, perubahan) VALUES"
        " ('2026-01-01', '', 'belum_disimpan', '', '', '', '', '{}')"
    )
    return writer


@pytest.mark.django_db(transaction=True, available_apps=AVAILABLE_APPS)
def test_backup_is_online_and_consistent(data, media, tmp_path):
    """A writer holding an open transaction neither blocks the backup nor leaks its uncommitted
    row into it; what it commits afterwards is not in the archive either."""
    writer = _open_writer()
    done = threading.Event()
    result = {}

    def run():
        result["archive"] = backup.backup_create(output_dir=tmp_path)
        done.set()

    thread = threading.Thread(target=run)
    thread.start()
    finished_while_writing = done.wait(timeout=60)
    writer.commit()
    writer.close()
    thread.join()

    assert finished_while_writing
    with tarfile.open(result["archive"]) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM audit_auditlog")
        now = cursor.fetchone()[0]
    assert manifest["jumlah_baris"]["audit_auditlog"] == now - 1
