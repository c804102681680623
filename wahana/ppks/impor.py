"""Import of PPKS from XLSX/CSV: upload → dry run (row by row: created, updated, unchanged,
refused and why) → commit, all or nothing.

Streaming: rows are read one at a time and handled in batches of BATCH (one query per batch to
find existing records, one bulk insert of verdicts), so memory stays flat with the file's size;
only the set of keys already seen in the file (for duplicate rows) grows, at ~100 bytes a row.
A record is identified by its NIK (through the blind index), a group without NIK by its name in
its desa, so importing the same file twice changes nothing the second time.
"""

import bisect
import datetime
import io
import json
import logging
import threading
from collections import defaultdict
from difflib import get_close_matches
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import (
    IntegrityError,
    close_old_connections,
    connection,
    connections,
    transaction,
)
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wahana.akun.scope import region_q, scope_of
from wahana.audit.services import audit_record
from wahana.lib import kode as kodelib
from wahana.wilayah.models import Wilayah

from . import crypto, rules
from . import impor_parse as parse
from .models import DuplikatPpks, ImporBaris, ImporPpks, JenisPpks, Ppks
from .nama import Pembanding, nama_kunci
from .selectors import AMBANG_NAMA
from .services import identitas_prepare, pair_region

logger = logging.getLogger(__name__)
BATCH = 1000

STATUS_DTSEN = {
    "terdaftar": Ppks.StatusDtsen.TERDAFTAR,
    "ya": Ppks.StatusDtsen.TERDAFTAR,
    "dtsen": Ppks.StatusDtsen.TERDAFTAR,
    "tidak terdaftar": Ppks.StatusDtsen.TIDAK_TERDAFTAR,
    "tidak": Ppks.StatusDtsen.TIDAK_TERDAFTAR,
    "non dtsen": Ppks.StatusDtsen.TIDAK_TERDAFTAR,
    "belum dicek": Ppks.StatusDtsen.BELUM_DICEK,
}
# Plain fields an import sets, from the column of the same name unless mapped here.
IMPORT_FIELDS = (
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "dusun",
    "rt",
    "rw",
    "alamat",
    "kebutuhan",
    "disabilitas_ragam",
    "disabilitas_keterangan",
    "status_dtsen",
    "desil_dtsen",
    "subjek",
)
DATE_FIELDS = {"tanggal_lahir", "tanggal_ditemukan"}


class DesaResolver:
    """Desa names and codes within the importing user's scope, and the nearest names when one is
    unknown (difflib over the names in scope)."""

    def __init__(self, prefix: str):
        desa = Wilayah.objects.filter(tingkat=kodelib.TINGKAT_DESA).filter(region_q(prefix, "kode"))
        self.codes: dict[str, tuple[str, str]] = {}
        self.by_name: dict[str, list[str]] = defaultdict(list)
        for kode, nama in desa.values_list("kode", "nama").iterator():
            self.codes[kode] = (nama, kodelib.induk(kode))
            self.by_name[parse.name_key(nama)].append(kode)
        kecamatan = Wilayah.objects.filter(tingkat=kodelib.TINGKAT_KECAMATAN).filter(
            region_q(prefix, "kode")
        )
        self.kecamatan = {
            kode: parse.name_key(nama) for kode, nama in kecamatan.values_list("kode", "nama")
        }
        self.names = list(self.by_name)
        self.memo: dict[tuple[str, str], str | parse.CellError] = {}

    def resolve(self, kode, desa, kecamatan) -> str:
        # A file repeats the same few desa names thousands of times: decide each pair once.
        key = (parse.text(kode), parse.text(desa), parse.text(kecamatan))
        if key not in self.memo:
            try:
                self.memo[key] = self._resolve(*key)
            except parse.CellError as error:
                self.memo[key] = error
        answer = self.memo[key]
        if isinstance(answer, parse.CellError):
            raise answer
        return answer

    def _resolve(self, kode: str, desa: str, kecamatan: str) -> str:
        if kode:
            if kode not in self.codes:
                raise parse.CellError(
                    _("Kode desa %(kode)s tidak dikenal di wilayah Anda.") % {"kode": kode}
                )
            return kode
        key = parse.name_key(desa)
        if not key:
            raise parse.CellError(_("Desa/kelurahan wajib diisi (kolom desa atau kode_desa)."))
        candidates = self.by_name.get(key) or self.by_name.get(
            key.removeprefix("desa ").removeprefix("kelurahan ")
        )
        if not candidates:
            near = get_close_matches(key, self.names, n=3, cutoff=0.6)
            hint = ", ".join(
                f"{self.codes[k][0]} ({k})" for name in near for k in self.by_name[name][:2]
            )
            message = _("Desa “%(desa)s” tidak dikenal di wilayah Anda.") % {
                "desa": parse.text(desa)
            }
            if hint:
                message += " " + _("Mungkin maksudnya: %(saran)s?") % {"saran": hint}
            raise parse.CellError(message)
        if len(candidates) > 1:
            wanted = parse.name_key(kecamatan)
            chosen = [k for k in candidates if self.kecamatan.get(kodelib.induk(k)) == wanted]
            if len(chosen) == 1:
                return chosen[0]
            options = ", ".join(candidates)
            raise parse.CellError(
                _(
                    "Desa “%(desa)s” ada di beberapa kecamatan (%(pilihan)s): isi kolom "
                    "kecamatan atau kode_desa."
                )
                % {"desa": parse.text(desa), "pilihan": options}
            )
        return candidates[0]


class JenisResolver:
    def __init__(self):
        self.by_key: dict[str, int] = {}
        for pk, kode, nama in JenisPpks.objects.berlaku().values_list("pk", "kode", "nama"):
            self.by_key[kode] = pk
            self.by_key[kode.lstrip("0")] = pk
            self.by_key[parse.name_key(nama)] = pk
            # "Fakir Miskin" is also written without its abbreviation in brackets, and the
            # abbreviation alone ("KAT", "ODHA") is common.
            if "(" in nama:
                self.by_key[parse.name_key(nama.split("(")[0])] = pk
                self.by_key[parse.name_key(nama.split("(")[1].rstrip(")"))] = pk

    def resolve(self, value) -> list[int]:
        found, unknown = [], []
        for part in parse.split_list(value):
            key = parse.name_key(part)
            pk = self.by_key.get(key) or self.by_key.get(key.lstrip("0"))
            if pk is None:
                unknown.append(part)
            elif pk not in found:
                found.append(pk)
        if unknown:
            raise parse.CellError(
                _("Jenis PPKS tidak dikenal: %(jenis)s (lihat lembar Petunjuk).")
                % {"jenis": ", ".join(unknown)}
            )
        return sorted(found)


def _memo(function):
    """`function` of one cell, decided once per distinct value (a file repeats the same dates,
    kinds and statuses thousands of times); a CellError is remembered and raised again."""
    answers: dict = {}

    def memoised(value):
        # The type is part of the key: True == 1, but a cell TRUE is not the serial date 1.
        key = (type(value), value)
        answer = answers.get(key, answers)
        if answer is answers:
            try:
                answer = function(value)
            except parse.CellError as error:
                answer = error
            answers[key] = answer
        if isinstance(answer, parse.CellError):
            raise answer
        return answer

    return memoised


class Verdict:
    """One row's verdict during the dry run, before it is staged as an ImporBaris: a plain object
    (a model instance per row cost more than reading the row)."""

    __slots__ = ("nomor", "aksi", "nama", "pesan", "data", "ppks_id", "asli_sandi")

    def __init__(self, nomor: int, nama: str):
        self.nomor = nomor
        self.nama = nama
        self.aksi = ""
        self.pesan: list[str] = []
        self.data: dict = {}
        self.ppks_id: int | None = None
        self.asli_sandi = ""


def _digest(data: dict) -> int:
    """What a valid row says, to tell a repeated row from another with the same NIK: the cleaned
    values without the ciphertexts (their nonce differs every time). A hash of the values, not a
    JSON dump of them: this runs for every row, and the two only ever differ in which message
    a refused second row gets."""
    return hash(
        tuple(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in data.items()
            if not name.endswith("_sandi")
        )
    )


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


class Pemeriksa:
    """The dry run of one import. Everything that is the same for every row is settled here once:
    the column of each field, the parser of each cell, the key material (`crypto.Sandi`) and
    today's date."""

    def __init__(self, impor: ImporPpks, columns: dict[str, int]):
        self.impor = impor
        prefix = scope_of(impor.dibuat_oleh) or ""
        self.prefix = prefix
        self.desa = DesaResolver(prefix)
        self.jenis = JenisResolver()
        self.seen: dict[str, tuple[int, int]] = {}
        self.counts = defaultdict(int)
        self.today = timezone.localdate().isoformat()
        self.sandi = crypto.Sandi.current()
        self.resolve_jenis = _memo(self.jenis.resolve)
        # Rows are padded to `width`; a missing column reads the empty cell at index `width`.
        self.width = max(columns.values(), default=-1) + 1
        self.index = {name: columns.get(name, self.width) for name in parse.COLUMNS}
        text = parse.text
        # (column, parser, field) of the plain cells, in the order the record's fields are set.
        readers = [
            ("jenis_kelamin", _memo(parse.jenis_kelamin), "jenis_kelamin"),
            ("tempat_lahir", text, "tempat_lahir"),
            ("tanggal_lahir", _memo(parse.date), "tanggal_lahir"),
            *((name, text, name) for name in ("dusun", "rt", "rw", "alamat", "kebutuhan")),
            ("keterangan_disabilitas", text, "disabilitas_keterangan"),
            ("ragam_disabilitas", _memo(self._ragam), "disabilitas_ragam"),
            ("status_dtsen", _memo(self._status_dtsen), "status_dtsen"),
            ("desil_dtsen", _memo(parse.desil), "desil_dtsen"),
        ]
        self.readers = [(self.index[column], parser, field) for column, parser, field in readers]

    def parse_row(self, nomor: int, original: list) -> Verdict | None:
        text = parse.text
        if all(text(value) == "" for value in original):
            return None
        # The mapped columns, then one empty cell that every missing column reads.
        row = original[: self.width]
        row.extend([""] * (self.width + 1 - len(row)))
        index = self.index
        errors, data = [], {}
        present = set()
        subjek = text(row[index["subjek"]]).lower()
        data["subjek"] = (
            Ppks.Subjek.KELOMPOK if subjek in ("kelompok", "komunitas") else Ppks.Subjek.PERORANGAN
        )
        nik = no_kk = ""
        try:
            nik = parse.identity_number(row[index["nik"]], "NIK")
        except parse.CellError as error:
            errors.append(str(error))
        try:
            no_kk = parse.identity_number(row[index["no_kk"]], "No KK")
        except parse.CellError as error:
            errors.append(str(error))
        nama = text(row[index["nama"]])
        if nama:
            data["nama"] = nama
            present.add("nama")
        else:
            errors.append(_("Nama wajib diisi."))
        for column, parser, field in self.readers:
            value = row[column]
            # Every parser reads an empty cell as "not given": skip the call.
            if value == "" or value is None:
                continue
            try:
                value = parser(value)
            except parse.CellError as error:
                errors.append(str(error))
                continue
            if value not in ("", None):
                data[field] = _plain(value)
                present.add(field)
        try:
            data["wilayah"] = self.desa.resolve(
                row[index["kode_desa"]], row[index["desa"]], row[index["kecamatan"]]
            )
        except parse.CellError as error:
            errors.append(str(error))
        jenis_cell = row[index["jenis_ppks"]]
        jenis_present = text(jenis_cell) != ""
        if jenis_present:
            try:
                # A copy: the memo's list is shared by every row with the same cell.
                data["jenis"] = list(self.resolve_jenis(jenis_cell))
            except parse.CellError as error:
                errors.append(str(error))
        born = data.get("tanggal_lahir")
        if born and born > self.today:
            errors.append(_("Tanggal lahir di masa depan."))
        if data["subjek"] == Ppks.Subjek.PERORANGAN and not nik and not errors:
            errors.append(
                "NIK wajib untuk perorangan dalam impor: tanpa NIK, impor ulang akan "
                "menggandakan data. Catat orang tanpa NIK melalui formulir."
            )
        warnings: list[str] = []
        if not errors:
            identitas = identitas_prepare(
                nik=nik,
                no_kk=no_kk,
                tanggal_lahir=datetime.date.fromisoformat(born) if born else None,
                jenis_kelamin=data.get("jenis_kelamin", ""),
                subjek=data["subjek"],
                sandi=self.sandi,
            )
            for messages in identitas.errors.values():
                errors.extend(messages)
            warnings = identitas.warnings
            data.update(identitas.fields)
        baris = Verdict(nomor, str(data.get("nama", ""))[:150])
        if errors:
            baris.aksi = ImporBaris.Aksi.TOLAK
            baris.pesan = errors
            baris.asli_sandi = self.seal(original)
            return baris
        data["perlu_dicek"] = bool(warnings)
        data["alasan_dicek"] = "\n".join(warnings)
        data["_present"] = sorted(present | ({"jenis"} if jenis_present else set()))
        baris.pesan = warnings
        baris.data = data
        # Duplicate rows inside the file: the first one counts, later ones are refused.
        key = data.get("nik_indeks") or f"kelompok:{nama_kunci(data['nama'])}:{data['wilayah']}"
        if key in self.seen:
            first, first_digest = self.seen[key]
            baris.aksi = ImporBaris.Aksi.TOLAK
            baris.pesan = [
                _("Baris ganda: sama persis dengan baris %(baris)s.") % {"baris": first}
                if _digest(data) == first_digest
                else _("NIK/kelompok yang sama sudah ada di baris %(baris)s dengan isi berbeda.")
                % {"baris": first}
            ]
            baris.asli_sandi = self.seal(original)
            baris.data = {}
            return baris
        self.seen[key] = (nomor, _digest(data))
        return baris

    def seal(self, row: list) -> str:
        """A refused row as it was in the file (its cells as text), encrypted: for the error
        sheet."""
        return self.sandi.encrypt(json.dumps([parse.text(v) for v in row]), purpose="impor_baris")

    @staticmethod
    def _ragam(value):
        raw = parse.name_key(value)
        if not raw:
            return ""
        for choice in Ppks.RagamDisabilitas:
            if raw == choice.value or raw.startswith(choice.value):
                return choice.value
        if raw.startswith("multi"):
            return Ppks.RagamDisabilitas.GANDA.value
        raise parse.CellError(
            _("Ragam disabilitas “%(nilai)s” tidak dikenal.") % {"nilai": parse.text(value)}
        )

    @staticmethod
    def _status_dtsen(value):
        raw = parse.name_key(value)
        if not raw:
            return ""
        if raw in STATUS_DTSEN:
            return STATUS_DTSEN[raw].value
        raise parse.CellError(
            _("Status DTSEN “%(nilai)s” tidak dikenal.") % {"nilai": parse.text(value)}
        )

    def decide(self, batch: list[Verdict]) -> None:
        """Created, updated or unchanged: compare the valid rows with the stored records."""
        valid = [b for b in batch if b.aksi != ImporBaris.Aksi.TOLAK]
        by_nik = {b.data["nik_indeks"]: b for b in valid if b.data.get("nik_indeks")}
        groups = [b for b in valid if not b.data.get("nik_indeks")]
        existing = {p.nik_indeks: p for p in Ppks.objects.filter(nik_indeks__in=list(by_nik))}
        group_existing = {}
        if groups:
            for p in Ppks.objects.filter(
                subjek=Ppks.Subjek.KELOMPOK,
                nik_indeks__isnull=True,
                nama_kunci__in=[nama_kunci(b.data["nama"]) for b in groups],
                wilayah_id__in=[b.data["wilayah"] for b in groups],
            ).exclude(status__in=(Ppks.Status.DIGABUNG, Ppks.Status.DIHAPUS)):
                group_existing[(p.nama_kunci, p.wilayah_id)] = p
        # The stored kinds of the whole batch in one query, as plain ids (a related manager per
        # row costs more than the comparison itself).
        self.kinds: dict[int, list[int]] = defaultdict(list)
        found = [p.pk for p in existing.values()] + [p.pk for p in group_existing.values()]
        if found:
            links = Ppks.jenis.through.objects.filter(ppks_id__in=found)
            for ppks_id, jenis_id in links.values_list("ppks_id", "jenisppks_id").order_by():
                self.kinds[ppks_id].append(jenis_id)
        for baris in valid:
            data = baris.data
            if data.get("nik_indeks"):
                current = existing.get(data["nik_indeks"])
            else:
                current = group_existing.get((nama_kunci(data["nama"]), data["wilayah"]))
            if current is None:
                if not data.get("jenis"):
                    baris.aksi = ImporBaris.Aksi.TOLAK
                    baris.pesan = [_("Jenis PPKS wajib diisi untuk data baru.")]
                    baris.data = {}
                    continue
                baris.aksi = ImporBaris.Aksi.BARU
                continue
            self._compare(baris, current)

    def _compare(self, baris: Verdict, current: Ppks) -> None:
        data = baris.data
        if not kodelib.covers(self.prefix, current.kode_wilayah):
            baris.aksi = ImporBaris.Aksi.TOLAK
            baris.pesan = [_("NIK ini sudah terdaftar di wilayah di luar cakupan Anda.")]
            baris.data = {}
            return
        if current.status != Ppks.Status.AKTIF:
            baris.aksi = ImporBaris.Aksi.TOLAK
            baris.pesan = [
                _("Data yang ada berstatus %(status)s.") % {"status": current.get_status_display()}
            ]
            baris.data = {}
            return
        changes = {}
        for name in data["_present"]:
            if name == "jenis":
                stored = sorted(self.kinds.get(current.pk, []))
                if stored != data["jenis"]:
                    changes["jenis"] = data["jenis"]
                continue
            stored = _plain(getattr(current, name))
            if stored != data[name]:
                changes[name] = data[name]
        if current.wilayah_id != data["wilayah"]:
            changes["wilayah"] = data["wilayah"]
        if data.get("no_kk_indeks") and data["no_kk_indeks"] != current.no_kk_indeks:
            for name in ("no_kk_sandi", "no_kk_indeks", "no_kk_samaran"):
                changes[name] = data[name]
        if changes and data["perlu_dicek"] != current.perlu_dicek:
            changes["perlu_dicek"] = data["perlu_dicek"]
            changes["alasan_dicek"] = data["alasan_dicek"]
        baris.ppks_id = current.pk
        if not changes:
            baris.aksi = ImporBaris.Aksi.SAMA
            baris.data = {}
            return
        baris.aksi = ImporBaris.Aksi.UBAH
        labels = sorted(k for k in changes if not k.startswith("no_kk_") or k == "no_kk_indeks")
        baris.pesan = [
            *baris.pesan,
            _("Berubah: %(kolom)s")
            % {"kolom": ", ".join(label.replace("no_kk_indeks", "no_kk") for label in labels)},
        ]
        baris.data = changes


def _set_progress(impor: ImporPpks, **values) -> None:
    # A stored import is final: a late failure of a second run must not mark it failed.
    ImporPpks.objects.filter(pk=impor.pk).exclude(status=ImporPpks.Status.SELESAI).update(**values)
    for name, value in values.items():
        setattr(impor, name, value)


@transaction.atomic
def impor_create(*, acting_user, upload) -> ImporPpks:
    """Keep an uploaded file (outside the web root) for checking."""
    if not rules.can_import(acting_user):
        raise PermissionDenied(_("Anda tidak berwenang mengimpor data PPKS."))
    name = Path(upload.name).name[:200]
    if Path(name).suffix.lower() not in (".xlsx", ".csv"):
        raise ValidationError(_("Hanya berkas .xlsx atau .csv yang dapat diimpor."))
    impor = ImporPpks(
        wilayah_id=acting_user.kode_wilayah or None,
        dibuat_oleh=acting_user,
        nama_berkas=name,
    )
    suffix = Path(name).suffix.lower()
    impor.berkas.save(f"impor{suffix}", File(upload), save=False)
    impor.save()
    audit_record(
        actor=acting_user,
        aksi="ppks_impor_diunggah",
        objek=impor,
        keterangan=name,
        kode_wilayah=acting_user.kode_wilayah,
    )
    return impor


def impor_check(*, impor: ImporPpks, progress=None) -> ImporPpks:
    """The dry run: every row's verdict stored, nothing written to the PPKS tables."""
    ImporBaris.objects.filter(impor=impor).delete()
    _set_progress(impor, status=ImporPpks.Status.MEMERIKSA, diproses=0, pesan="", total_baris=0)
    try:
        total, rows = parse.read_rows(impor.berkas.path)
        _set_progress(impor, total_baris=total)
        header = list(next(rows, None) or [])
        _set_progress(impor, kolom=[parse.text(cell) for cell in header])
        columns = parse.map_headers(header)
        missing = [c for c in ("nama",) if c not in columns]
        if "nik" not in columns and "subjek" not in columns:
            missing.append("nik")
        if "desa" not in columns and "kode_desa" not in columns:
            missing.append("desa atau kode_desa")
        if missing:
            raise parse.CellError(
                _("Kolom wajib tidak ditemukan: %(kolom)s. Gunakan templat.")
                % {"kolom": ", ".join(missing)}
            )
        pemeriksa = Pemeriksa(impor, columns)
        batch: list[Verdict] = []
        done = 0
        for offset, row in enumerate(rows):
            done = offset + 1
            baris = pemeriksa.parse_row(offset + 2, row)
            if baris is not None:
                batch.append(baris)
            if len(batch) >= BATCH:
                _flush_check(pemeriksa, batch, impor, done, progress)
        _flush_check(pemeriksa, batch, impor, done, progress)
        counts = pemeriksa.counts
        _set_progress(
            impor,
            status=ImporPpks.Status.DIPERIKSA,
            total_baris=done,
            diproses=done,
            jumlah_baru=counts[ImporBaris.Aksi.BARU],
            jumlah_ubah=counts[ImporBaris.Aksi.UBAH],
            jumlah_sama=counts[ImporBaris.Aksi.SAMA],
            jumlah_tolak=counts[ImporBaris.Aksi.TOLAK],
        )
    except parse.CellError as error:
        _set_progress(impor, status=ImporPpks.Status.GAGAL, pesan=str(error))
    finally:
        # Everything needed later is in the verdicts (NIK encrypted): the spreadsheet with NIK in
        # clear does not stay on disk.
        if impor.berkas:
            impor.berkas.delete(save=False)
            _set_progress(impor, berkas="")
    return impor


def _flush_check(pemeriksa: Pemeriksa, batch: list, impor, done: int, progress) -> None:
    if batch:
        pemeriksa.decide(batch)
        for baris in batch:
            pemeriksa.counts[baris.aksi] += 1
            baris.data.pop("_present", None)
        dumps = json.dumps
        # One transaction a batch: in autocommit SQLite would commit (and sync to disk) after
        # every row of the batch.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Without waiting for the disk (~0.1 s a batch on a busy machine): a crash can
                # lose only the last staged verdicts of an import still being checked, and the
                # commit that marks it checked is a normal one, which flushes all earlier WAL.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            _write_rows(
                ImporBaris,
                ["impor", "nomor", "aksi", "nama", "pesan", "data", "ppks_id", "asli_sandi"],
                [
                    (
                        impor.pk,
                        b.nomor,
                        str(b.aksi),
                        b.nama,
                        dumps(b.pesan) if b.pesan else "[]",
                        dumps(b.data) if b.data else "{}",
                        b.ppks_id,
                        b.asli_sandi,
                    )
                    for b in batch
                ],
            )
        batch.clear()
    _set_progress(impor, diproses=done)
    if progress:
        progress(done, impor.total_baris)


class _SideProgress:
    """Progress written while the commit's transaction is open. On PostgreSQL it goes through a
    second connection so the page polling it sees it; SQLite allows one writer at a time, so
    there the page shows the phase ("sedang disimpan") and the count when it ends."""

    def __init__(self, impor: ImporPpks):
        self.impor = impor
        self.side = None
        if connection.vendor == "postgresql":
            self.side = connections.create_connection("default")

    def __call__(self, done: int) -> None:
        if self.side is not None:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImporPpks._meta.db_table} SET diproses = %s WHERE id = %s",  # noqa: S608 - table name from the model
                    [done, self.impor.pk],
                )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _row_values(data: dict) -> dict:
    """The columns a staged row sets, as database values: what JSON gave back (text, numbers,
    booleans, ISO dates, which both databases take for a date column as they are)."""
    values = {name: value for name, value in data.items() if name not in ("jenis", "wilayah")}
    if "wilayah" in data:
        values["wilayah_id"] = data["wilayah"]
    if "nama" in data:
        values["nama_kunci"] = nama_kunci(data["nama"])
    return values


def _model_values(data: dict) -> dict:
    """The same as attribute values of a model instance (dates as dates)."""
    values = _row_values(data)
    for name in DATE_FIELDS & values.keys():
        if values[name]:
            values[name] = Ppks._meta.get_field(name).to_python(values[name])
    return values


def impor_commit(*, acting_user, impor: ImporPpks, progress=None) -> ImporPpks:
    """Write every created and updated row in one transaction: all or nothing. Refused rows are
    not written (they are in the error sheet, to be fixed and imported again)."""
    if not (rules.can_import(acting_user) and acting_user.pk == impor.dibuat_oleh_id):
        raise PermissionDenied(_("Hanya pengunggah yang dapat menyimpan impor ini."))
    # MENYIMPAN again: a commit cut off (server killed) wrote nothing, and may be run again.
    if impor.status not in (ImporPpks.Status.DIPERIKSA, ImporPpks.Status.MENYIMPAN):
        raise ValidationError(_("Impor ini belum diperiksa atau sudah disimpan."))
    _set_progress(impor, status=ImporPpks.Status.MENYIMPAN, diproses=0)
    side = _SideProgress(impor)
    report = progress or (lambda done, total: None)
    total = impor.jumlah_baru + impor.jumlah_ubah
    try:
        with transaction.atomic():
            if not _claim(impor):
                impor.refresh_from_db()
                return impor
            done = _commit_rows(acting_user, impor, side, report, total)
            audit_record(
                actor=acting_user,
                aksi="ppks_diimpor",
                objek=impor,
                kode_wilayah=impor.kode_wilayah or "",
                keterangan=(
                    f"{impor.nama_berkas}: {impor.jumlah_baru} baru, {impor.jumlah_ubah} diubah, "
                    f"{impor.jumlah_sama} sama, {impor.jumlah_tolak} ditolak"
                ),
            )
            ImporPpks.objects.filter(pk=impor.pk).update(
                status=ImporPpks.Status.SELESAI, diproses=done, selesai=timezone.now()
            )
    except IntegrityError:
        _set_progress(
            impor,
            status=ImporPpks.Status.GAGAL,
            pesan=_(
                "Tidak ada yang disimpan: data berubah sejak diperiksa (mis. NIK yang sama "
                "baru saja dicatat). Periksa ulang berkas ini."
            ),
        )
        return impor
    finally:
        side.close()
    impor.refresh_from_db()
    return impor


def _claim(impor: ImporPpks) -> bool:
    """Claim the import for this run, inside its transaction: a second run waits here, then
    finds it stored and writes nothing. On PostgreSQL an advisory lock of the transaction, not a
    row lock: `_SideProgress` updates that row from a second connection while this transaction
    is open, and would wait for it for ever (neither side sees the other: no deadlock error).
    On SQLite the UPDATE takes the database's write lock."""
    claimed = ImporPpks.objects.filter(pk=impor.pk, status=ImporPpks.Status.MENYIMPAN)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Two-key form: this table's namespace, the import (a shared key between two imports
            # ids apart by 2^31 would only make one wait for the other).
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s), %s)",
                [ImporPpks._meta.db_table, impor.pk % 2**31],
            )
        return claimed.exists()
    return bool(claimed.update(diproses=0))


class _Dibuat:
    """What the duplicate search needs of the records this import created: their ids (as runs
    of consecutive ids, which is how they are reserved), and the birth dates and kabupaten of
    those with a birth date."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.dates: set[str] = set()
        self.kabupaten: set[str] = set()

    def dated(self, tanggal_lahir: str, kode_wilayah: str) -> None:
        self.dates.add(tanggal_lahir)
        self.kabupaten.add(kodelib.leluhur(kode_wilayah)[1])

    def add(self, ids: list[int]) -> None:
        for pk in ids:
            if self.ends and self.ends[-1] + 1 == pk:
                self.ends[-1] = pk
            else:
                where = bisect.bisect(self.starts, pk)
                self.starts.insert(where, pk)
                self.ends.insert(where, pk)

    def __contains__(self, pk: int) -> bool:
        where = bisect.bisect(self.starts, pk) - 1
        return where >= 0 and pk <= self.ends[where]


def _commit_rows(acting_user, impor, side, report, total) -> int:
    done = 0
    through = Ppks.jenis.through
    today = timezone.localdate()
    created = _Dibuat()
    rows = ImporBaris.objects.filter(impor=impor, aksi=ImporBaris.Aksi.BARU).order_by("nomor")
    batch = []
    # Only the cleaned values: no model instance per row.
    for data in rows.values_list("data", flat=True).iterator(chunk_size=BATCH):
        batch.append(data)
        if len(batch) >= BATCH:
            done += _create_batch(batch, acting_user, through, today, created)
            side(done)
            report(done, total)
    done += _create_batch(batch, acting_user, through, today, created)
    _flag_duplicates(created)
    rows = ImporBaris.objects.filter(impor=impor, aksi=ImporBaris.Aksi.UBAH).order_by("nomor")
    for baris in rows.iterator(chunk_size=BATCH):
        batch.append(baris)
        if len(batch) >= BATCH:
            done += _update_batch(batch, through)
            side(done)
            report(done, total)
    done += _update_batch(batch, through)
    side(done)
    report(done, total)
    return done


def _create_batch(batch: list[dict], acting_user, through, today, created: _Dibuat) -> int:
    """Insert a batch of new records: the defaults of every column taken once from an empty
    instance and converted once, each row only its own values. PostgreSQL reserves the ids from
    the table's sequence and streams the rows with COPY; SQLite inserts with one statement per
    chunk and reads the ids back (see `_insert`)."""
    if not batch:
        return 0
    template = Ppks(ditemukan_oleh=acting_user, tanggal_ditemukan=today)
    template.dibuat = template.diubah = timezone.now()
    fields = [f for f in Ppks._meta.concrete_fields if not f.primary_key]
    defaults = {
        f.attname: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields
    }
    attnames = [f.attname for f in fields]
    rows = []
    for data in batch:
        values = _row_values(data)
        rows.append([values[name] if name in values else defaults[name] for name in attnames])
        if values.get("tanggal_lahir") and values["nama_kunci"]:
            created.dated(values["tanggal_lahir"], values["wilayah_id"])
    names = [f.name for f in fields]
    if connection.vendor == "postgresql":
        ids = _reserve_ids(Ppks, len(rows))
        _write_rows(Ppks, ["id", *names], ([pk, *row] for pk, row in zip(ids, rows, strict=True)))
    else:
        ids = _insert(Ppks, names, rows, returning=True)
    _write_rows(
        through,
        ["ppks", "jenisppks"],
        [
            (pk, jenis_id)
            for pk, data in zip(ids, batch, strict=True)
            for jenis_id in data.get("jenis", [])
        ],
    )
    created.add(ids)
    count = len(batch)
    batch.clear()
    return count


def _reserve_ids(model, count: int) -> list[int]:
    """`count` new ids from the table's sequence (PostgreSQL), in increasing order, so rows can
    be streamed with COPY and still be linked (kinds, duplicate pairs) without reading back."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


# Past this many birth dates an import covers most of a kabupaten's dates: its records are read
# whole instead of through a list of tens of thousands of parameters (SQLite takes 32,766).
DATES_LISTED = 5000


def _flag_duplicates(created: _Dibuat) -> None:
    """Open review pairs for the new records whose name is similar (`kemiripan` ≥ AMBANG_NAMA)
    to a record, stored before or created earlier by this import, with the same birth date in the
    same kabupaten (same NIK is already impossible). Once, after every record is written: one
    query, ordered by birth date, reads each candidate record once, and each birth date's group
    is paired in memory (a search per batch read back every record of the batch's dates again,
    ~17 M rows over the batches of a 1M-row import)."""
    if not created.kabupaten:
        return
    area = Q()
    for kode in created.kabupaten:
        area |= region_q(kode)
    records = Ppks.objects.filter(area, tanggal_lahir__isnull=False)
    if len(created.dates) <= DATES_LISTED:
        records = records.filter(tanggal_lahir__in=sorted(created.dates))
    records = (
        records.exclude(status__in=(Ppks.Status.DIGABUNG, Ppks.Status.DIHAPUS))
        .values_list("pk", "nama_kunci", "tanggal_lahir", "wilayah_id")
        .order_by("tanggal_lahir")
    )
    pairs = []
    for _lahir, group in groupby(records.iterator(chunk_size=10 * BATCH), key=itemgetter(2)):
        by_kabupaten: dict[str, list[tuple]] = defaultdict(list)
        for record in group:
            by_kabupaten[record[3][:5]].append(record)
        # The same pairs as kemiripan ≥ AMBANG_NAMA, without running difflib on the many pairs
        # whose shared letters already rule them out; one comparer per date (it remembers the
        # letter counts of the names it has seen).
        pembanding = Pembanding(AMBANG_NAMA)
        for group_records in by_kabupaten.values():
            group_records.sort()
            names = [record[1] for record in group_records]
            for index, (pk, nama, _l, wilayah) in enumerate(group_records):
                if pk not in created:
                    continue
                # Each pair once, older record first.
                for earlier, mirip in pembanding.cocok(nama, names[:index]):
                    other_pk, _n, _o, other_wilayah = group_records[earlier]
                    pairs.append(
                        DuplikatPpks(
                            utama_id=other_pk,
                            duplikat_id=pk,
                            wilayah_id=pair_region(other_wilayah, wilayah),
                            skor=30 + int(60 * mirip),
                            alasan=[
                                f"Nama mirip ({mirip:.0%}) dan tanggal lahir sama di "
                                "kabupaten yang sama (impor)"
                            ],
                        )
                    )
        if len(pairs) >= BATCH:
            DuplikatPpks.objects.bulk_create(pairs, ignore_conflicts=True)
            pairs.clear()
    DuplikatPpks.objects.bulk_create(pairs, ignore_conflicts=True)


def _update_batch(batch: list, through) -> int:
    if not batch:
        return 0
    records = Ppks.objects.in_bulk([b.ppks_id for b in batch])
    fields: set[str] = set()
    kinds: dict[int, list[int]] = {}
    for baris in batch:
        ppks = records[baris.ppks_id]
        values = _model_values(baris.data)
        for name, value in values.items():
            setattr(ppks, name, value)
            fields.add(name)
        if "jenis" in baris.data:
            kinds[ppks.pk] = baris.data["jenis"]
    if fields:
        Ppks.objects.bulk_update(list(records.values()), sorted(fields | {"diubah"}))
    if kinds:
        through.objects.filter(ppks_id__in=list(kinds)).delete()
        through.objects.bulk_create(
            [through(ppks_id=pk, jenisppks_id=j) for pk, ids in kinds.items() for j in ids]
        )
    count = len(batch)
    batch.clear()
    return count


def _insert(model, names: list[str], rows: list[list], *, returning: bool = False) -> list[int]:
    """INSERT many rows of database values into `model` with one statement per chunk (as many
    rows as the database takes parameters); with `returning`, the new ids in row order
    (PostgreSQL and SQLite ≥ 3.35 return them in the order of VALUES, as Django's bulk_create
    relies on)."""
    if not rows:
        return []
    fields = [model._meta.get_field(name) for name in names]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = connection.features.max_query_params or 65535
    size = max(1, min(BATCH, limit // len(fields)))
    suffix = " RETURNING id" if returning else ""
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            params = [value for row in chunk for value in row]
            values = ", ".join([placeholder] * len(chunk))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}{suffix}", params)  # noqa: S608 - names from the model
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _write_rows(model, names: list[str], rows) -> None:
    """Write rows of database-ready values (JSON already as text, dates as ISO text or dates)
    into `model`'s table: COPY on PostgreSQL (one stream, no statement per chunk), one prepared
    statement run for every row on SQLite."""
    fields = [model._meta.get_field(name) for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY goes to the driver's cursor: its errors are made Django's (IntegrityError on a
            # NIK recorded since the check) as for any other statement.
            statement = f"COPY {table} ({columns}) FROM STDIN"
            with connection.wrap_database_errors, cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholder = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholder})",  # noqa: S608 - names from the model
                rows,
            )


def run_safely(function, **kwargs) -> None:
    """Run an import step; an unexpected failure marks the import failed instead of leaving it
    'in progress' for ever."""
    impor = kwargs["impor"]
    try:
        function(**kwargs)
    except (PermissionDenied, ValidationError) as error:
        _set_progress(impor, status=ImporPpks.Status.GAGAL, pesan=" ".join(error.messages))
    except Exception:
        logger.exception("impor PPKS %s gagal", impor.pk)
        _set_progress(
            impor,
            status=ImporPpks.Status.GAGAL,
            pesan=_("Terjadi kesalahan tak terduga; tidak ada yang disimpan. Hubungi admin."),
        )


def start_background(function, **kwargs) -> None:
    """Run an import step in a thread of this process, so the page can poll its progress."""

    def target():
        close_old_connections()
        try:
            run_safely(function, **kwargs)
        finally:
            connection.close()

    threading.Thread(target=target, daemon=True, name="impor-ppks").start()


def error_sheet(impor: ImporPpks) -> bytes:
    """The refused rows, as they were in the file, with the reasons: to fix and import again."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet("Ditolak")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, ["baris", "alasan", *(impor.kolom or parse.COLUMNS)], bold)
    refused = ImporBaris.objects.filter(impor=impor, aksi=ImporBaris.Aksi.TOLAK).order_by("nomor")
    for index, baris in enumerate(refused.iterator(chunk_size=BATCH), start=1):
        sheet.write_number(index, 0, baris.nomor)
        sheet.write_string(index, 1, " ".join(baris.pesan))
        original = json.loads(crypto.decrypt(baris.asli_sandi, purpose="impor_baris") or "[]")
        for column, value in enumerate(original):
            sheet.write_string(index, 2 + column, value)
    book.close()
    return buffer.getvalue()


def template_xlsx() -> bytes:
    """The import template: text-formatted NIK/No KK columns, an example, and instructions."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    teks = book.add_format({"num_format": "@"})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("PPKS")
    columns = list(parse.COLUMNS)
    sheet.write_row(0, 0, columns, bold)
    for index, name in enumerate(columns):
        # Text format: a NIK typed into a Number column loses its 16th digit.
        sheet.set_column(index, index, 18, teks if name in ("nik", "no_kk", "kode_desa") else None)
    example = {
        "nik": "6210024508800001",
        "no_kk": "6210020101090001",
        "nama": "Contoh Nama Fiktif",
        "jenis_kelamin": "P",
        "tempat_lahir": "Kuala Kurun",
        "tanggal_lahir": "05/08/1980",
        "kecamatan": "Kurun",
        "desa": "Tanjung Riu",
        "kode_desa": "62.10.02.2003",
        "jenis_ppks": "24; 23",
        "status_dtsen": "terdaftar",
        "desil_dtsen": "2",
        "subjek": "perorangan",
    }
    for index, name in enumerate(columns):
        sheet.write_string(1, index, example.get(name, ""))
    guide = book.add_worksheet("Petunjuk")
    guide.write_row(0, 0, ["kolom", "isi"], bold)
    for index, (name, help_text) in enumerate(parse.COLUMNS.items(), start=1):
        guide.write_row(index, 0, [name, help_text])
    row = len(parse.COLUMNS) + 2
    guide.write_row(row, 0, ["kode jenis PPKS", "nama"], bold)
    for offset, (kode, nama) in enumerate(
        JenisPpks.objects.berlaku().values_list("kode", "nama"), start=1
    ):
        guide.write_row(row + offset, 0, [kode, nama])
    book.close()
    return buffer.getvalue()


def template_csv() -> bytes:
    return parse.csv_bytes([list(parse.COLUMNS)])
