"""Backups of the database and the uploads in one archive, and their restoration.

An archive `wahana-cadangan-<time>.tar.gz` holds:
  manifest.json   format, time, database vendor, rows per table, SHA-256 of every member
  basisdata.sqlite3 (SQLite: an online copy made with SQLite's backup API)
  basisdata.dump    (PostgreSQL: `pg_dump -Fc`, taken in the same snapshot as the counts)
  unggahan/...      the uploads (MEDIA_ROOT)

The database is copied first, then the uploads: uploads are only ever added, so every file the
copied database points to exists when the files are copied.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
UPLOADS = "unggahan"
DUMP_NAMES = {"sqlite": "basisdata.sqlite3", "postgresql": "basisdata.dump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass
class RestoreResult:
    tables: int
    rows: int
    files: int
    uploads_set_aside: Path | None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(
            _("Basis data %(vendor)s tidak didukung.") % {"vendor": connection.vendor}
        )
    return connection.vendor


def _count_rows(cursor, tables, quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [row[0] for row in cursor.fetchall()]


def _postgres_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [row[0] for row in cursor.fetchall()]


def _postgres_env() -> dict[str, str]:
    """libpq variables for pg_dump/pg_restore, so no password appears on a command line."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(_("Program %(name)s tidak ditemukan.") % {"name": command[0]})
    result = subprocess.run(  # noqa: S603 - fixed program, arguments built here
        [executable, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]}: {result.stderr.strip()}")


def _dump_sqlite(target: Path) -> dict[str, int]:
    """An online, consistent copy: SQLite's backup API copies one committed state of the file
    while the application keeps writing (in WAL mode readers never block writers)."""
    source = sqlite3.connect(connection.settings_dict["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
    try:
        cursor = copy.cursor()
        return _count_rows(cursor, _sqlite_tables(cursor), connection.ops.quote_name)
    finally:
        copy.close()


def _dump_postgres(target: Path) -> dict[str, int]:
    """`pg_dump -Fc` in the snapshot the row counts are taken in, so the manifest describes
    exactly the dump even while the application writes."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        cursor = raw.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count_rows(cursor, _postgres_tables(cursor), connection.ops.quote_name)
        _run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "-f",
                str(target),
            ],
            _postgres_env(),
        )
        cursor.execute("COMMIT")
    finally:
        raw.close()
    return counts


def _upload_files(root: Path) -> dict[str, Path]:
    """Every upload by its path relative to MEDIA_ROOT (POSIX separators)."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def backup_create(*, output_dir: Path) -> Path:
    """Write one archive of the database and the uploads into `output_dir`; answers its path."""
    vendor = _vendor()
    output_dir.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    name = f"wahana-cadangan-{created:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".sedang-dicadangkan-") as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        counts = _dump_sqlite(dump) if vendor == "sqlite" else _dump_postgres(dump)
        files = _upload_files(Path(settings.MEDIA_ROOT))
        manifest = {
            "format": FORMAT,
            "dibuat": created.isoformat(),
            "basisdata": vendor,
            "berkas_basisdata": dump.name,
            "jumlah_baris": counts,
            "sha256": {
                dump.name: sha256_of(dump),
                **{f"{UPLOADS}/{rel}": sha256_of(path) for rel, path in files.items()},
            },
        }
        partial = Path(work) / name
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            for rel, path in files.items():
                archive.add(path, arcname=f"{UPLOADS}/{rel}")
        os.chmod(partial, 0o600)
        final = output_dir / name
        # Renamed only when complete: a half-written archive never looks like a backup.
        partial.replace(final)
    return final


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = archive.getmembers()
    for member in members:
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(
                _("Arsip berisi jalur yang tidak aman: %(name)s") % {"name": member.name}
            )
    return members


def backup_verify(archive_path: Path, work: Path) -> dict:
    """Unpack an archive into `work` and check every member against the manifest; answers the
    manifest. Nothing of the running system is touched."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, members=_safe_members(archive), filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(
            _("Arsip cadangan tidak dapat dibaca: %(error)s") % {"error": error}
        ) from error
    try:
        manifest = json.loads((work / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(_("Manifes cadangan hilang atau rusak.")) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Format cadangan tidak dikenal."))
    expected = manifest["sha256"]
    present = {path.relative_to(work).as_posix() for path in work.rglob("*") if path.is_file()}
    present.discard(MANIFEST)
    if set(expected) != present:
        raise BackupError(_("Isi arsip tidak sesuai dengan manifes."))
    for rel, digest in expected.items():
        if sha256_of(work / rel) != digest:
            raise BackupError(_("Checksum tidak cocok: %(name)s") % {"name": rel})
    return manifest


def _restore_sqlite(dump: Path) -> None:
    """Copy the backup over the live database with the backup API, under SQLite's own lock, so
    no reader ever sees a half-copied file."""
    connections.close_all()
    source = sqlite3.connect(dump)
    target = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _restore_postgres(dump: Path) -> None:
    connections.close_all()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            connection.settings_dict["NAME"],
            str(dump),
        ],
        _postgres_env(),
    )


def _restore_uploads(source: Path) -> Path | None:
    """Put the archived uploads in place of MEDIA_ROOT; the previous directory is kept beside
    it (renamed, never deleted) so a mistaken restore loses nothing."""
    media = Path(settings.MEDIA_ROOT)
    aside = None
    if media.exists():
        aside = media.with_name(f"{media.name}.sebelum-pemulihan-{timezone.now():%Y%m%d-%H%M%S}")
        media.rename(aside)
    if source.is_dir():
        shutil.copytree(source, media)
    else:
        media.mkdir(parents=True)
    return aside


def restore_check(manifest: dict) -> tuple[int, int]:
    """Compare the running system with a manifest: rows per table and upload checksums.
    Answers (tables, rows); raises BackupError on the first difference."""
    with connection.cursor() as cursor:
        counts = _count_rows(cursor, manifest["jumlah_baris"], connection.ops.quote_name)
    for table, expected in manifest["jumlah_baris"].items():
        if counts[table] != expected:
            raise BackupError(
                _("Tabel %(table)s berisi %(found)d baris, cadangan %(expected)d.")
                % {"table": table, "found": counts[table], "expected": expected}
            )
    files = _upload_files(Path(settings.MEDIA_ROOT))
    expected_files = {
        rel.removeprefix(f"{UPLOADS}/"): digest
        for rel, digest in manifest["sha256"].items()
        if rel.startswith(f"{UPLOADS}/")
    }
    if set(files) != set(expected_files) or any(
        sha256_of(path) != expected_files[rel] for rel, path in files.items()
    ):
        raise BackupError(_("Berkas unggahan tidak sesuai dengan cadangan."))
    return len(counts), sum(counts.values())


def backup_restore(*, archive_path: Path) -> RestoreResult:
    """Verify an archive, then put its database and uploads in place of the running ones and
    check the result against the manifest. The application should be stopped meanwhile."""
    vendor = _vendor()
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media.parent, prefix=".sedang-dipulihkan-") as tmp:
        work = Path(tmp)
        manifest = backup_verify(archive_path, work)
        if manifest["basisdata"] != vendor:
            raise BackupError(
                _("Cadangan ini dari %(source)s; basis data sekarang %(target)s.")
                % {"source": manifest["basisdata"], "target": vendor}
            )
        dump = work / manifest["berkas_basisdata"]
        if vendor == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgres(dump)
        aside = _restore_uploads(work / UPLOADS)
    tables, rows = restore_check(manifest)
    files = sum(1 for rel in manifest["sha256"] if rel.startswith(f"{UPLOADS}/"))
    return RestoreResult(tables=tables, rows=rows, files=files, uploads_set_aside=aside)
