"""Receiving the offline outbox: each item is stored once, in one transaction with the business
records it creates; a resent item answers the stored result. The business rules stay in the
services of the apps that own the forms (ppks, kegiatan, pendamping, wksbm, dana): this module
only translates. Photos are staged first, by content hash, and attached to the record as the
very file staged: one stored file per photo, however often the phone sent it."""

import datetime
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wahana.akun.scope import get_visible_or_404, visible_to
from wahana.audit.services import audit_record
from wahana.berkas.models import Berkas
from wahana.berkas.services import berkas_files_delete, berkas_store
from wahana.dana.services import entri_kas_receive
from wahana.kegiatan.services import kegiatan_create
from wahana.lib import kode as kodelib
from wahana.pendamping.selectors import pendamping_of
from wahana.pendamping.services import kunjungan_create
from wahana.ppks import services as ppks_services
from wahana.ppks.models import JenisPpks, Ppks
from wahana.ppks.selectors import ppks_list_visible_to
from wahana.wksbm.models import Wksbm
from wahana.wksbm.services import rapat_create

from .akses import can_capture, can_review
from .models import FotoLuring, Jenis, Kiriman, KonflikKiriman

# Fields of a new PPKS the field form carries (the identity numbers travel separately).
PPKS_FIELDS = (
    "subjek",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "dusun",
    "rt",
    "rw",
    "alamat",
    "kebutuhan",
)
# What a field edit of a shared PPKS record may change.
PPKS_EDIT_FIELDS = ("dusun", "rt", "rw", "alamat", "kebutuhan")
DATE_FIELDS = ("tanggal_lahir", "tanggal")


def payload_hash(jenis: str, data: dict) -> str:
    """SHA-256 of the item in a canonical form (key order and spacing do not matter)."""
    text = json.dumps(
        {"jenis": jenis, "data": data}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Jawaban:
    """The answer to one item: 200 with the stored result, or 409 for a reused id."""

    status_code: int
    hasil: dict


def _date(value, field: str):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise ValidationError({field: "Tanggal tidak valid."}) from error


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()


def _store_ppks(acting_user, data: dict) -> tuple[str, dict]:
    values = {}
    for name in PPKS_FIELDS:
        if name in DATE_FIELDS:
            values[name] = _date(data.get(name), name)
        elif _text(data, name):
            values[name] = _text(data, name)
    jenis = list(JenisPpks.objects.filter(kode__in=data.get("jenis") or []))
    if not jenis:
        raise ValidationError({"jenis": "Pilih sedikitnya satu jenis PPKS."})
    kode = _text(data, "kode_wilayah")
    ppks = ppks_services.ppks_create(
        acting_user=acting_user,
        data=values,
        kode_wilayah=kode,
        jenis=jenis,
        nik=_text(data, "nik"),
        no_kk=_text(data, "no_kk"),
        konfirmasi_duplikat=bool(data.get("konfirmasi_duplikat")),
    )
    return ppks.kode_wilayah, {"status": "disimpan", "ppks_id": ppks.pk}


def _staged_fotos(acting_user, hashes) -> list[FotoLuring]:
    """The staged photos named by hash (each once), locked until the item is stored."""
    fotos = []
    for sha in dict.fromkeys(hashes or []):
        foto = (
            FotoLuring.objects.select_for_update()
            .select_related("berkas")
            .filter(pengguna=acting_user, sha256=sha)
            .first()
        )
        if foto is None:
            raise ValidationError({"foto": "Foto belum terkirim. Kirim ulang."})
        fotos.append(foto)
    return fotos


def _place_fotos(fotos: list[FotoLuring], kode_wilayah: str) -> None:
    """Give each attached photo the region of the record that uses it, so that its readers (and
    only they) may download it. A photo staged at the user's scope narrows to its first record;
    reused for a record elsewhere, it widens to the smallest area holding both."""
    for foto in fotos:
        berkas = foto.berkas
        if not foto.dipakai:
            target = kode_wilayah
        else:
            shared = [
                k for k in kodelib.leluhur(kode_wilayah) if kodelib.covers(k, berkas.wilayah_id)
            ]
            target = shared[-1] if shared else berkas.wilayah_id
        if berkas.wilayah_id != target:
            berkas.wilayah_id = target
            berkas.save(update_fields=["wilayah"])
        if not foto.dipakai:
            foto.dipakai = True
            foto.save(update_fields=["dipakai"])


def _required_date(data: dict, field: str) -> datetime.date:
    value = _date(data.get(field), field)
    if value is None:
        raise ValidationError({field: "Tanggal wajib diisi."})
    return value


def _number(data: dict, field: str, kind=int, default=None):
    value = data.get(field)
    if value in (None, ""):
        return default
    try:
        return kind(str(value).strip())
    except (TypeError, ValueError, decimal.InvalidOperation) as error:
        raise ValidationError({field: "Isian ini berupa angka."}) from error


def _ids(data: dict, field: str) -> list[int]:
    return [_number({field: v}, field) for v in data.get(field) or [] if v not in (None, "")]


def _wksbm(acting_user, data: dict, *, required: bool) -> Wksbm | None:
    if not data.get("wksbm_id"):
        if required:
            raise ValidationError({"wksbm_id": "Pilih WKSBM."})
        return None
    pk = _number(data, "wksbm_id")
    return get_visible_or_404(Wksbm.objects.all(), acting_user, pk=pk)


def _store_kegiatan(acting_user, data: dict) -> tuple[str, dict]:
    wksbm = _wksbm(acting_user, data, required=False)
    penerima = list(ppks_list_visible_to(acting_user).filter(pk__in=_ids(data, "penerima")))
    fotos = _staged_fotos(acting_user, data.get("foto"))
    kegiatan = kegiatan_create(
        acting_user=acting_user,
        judul=_text(data, "judul"),
        jenis=_text(data, "jenis"),
        tanggal=_date(data.get("tanggal"), "tanggal") or timezone.localdate(),
        tempat=_text(data, "tempat"),
        sumber_dana=_text(data, "sumber_dana"),
        wksbm=wksbm,
        kode_wilayah=_text(data, "kode_wilayah"),
        uraian=_text(data, "uraian"),
        jumlah_peserta=_number(data, "jumlah_peserta", default=0),
        penerima=penerima,
        foto_uploads=[f.berkas for f in fotos],
    )
    _place_fotos(fotos, kegiatan.kode_wilayah)
    return kegiatan.kode_wilayah, {"status": "disimpan", "kegiatan_id": kegiatan.pk}


def _store_kunjungan(acting_user, data: dict) -> tuple[str, dict]:
    pendamping = pendamping_of(acting_user)
    if pendamping is None:
        raise ValidationError(
            {"pendamping": "Akun ini belum terhubung dengan data pendamping (TKSK/PSM)."}
        )
    fotos = _staged_fotos(acting_user, data.get("foto"))
    kunjungan = kunjungan_create(
        acting_user=acting_user,
        pendamping=pendamping,
        kode_wilayah=_text(data, "kode_wilayah"),
        tanggal=_required_date(data, "tanggal"),
        jenis=_text(data, "jenis"),
        uraian=_text(data, "uraian"),
        temuan=_text(data, "temuan"),
        wksbm=_wksbm(acting_user, data, required=False),
        foto=[f.berkas for f in fotos],
    )
    _place_fotos(fotos, kunjungan.kode_wilayah)
    return kunjungan.kode_wilayah, {"status": "disimpan", "kunjungan_id": kunjungan.pk}


def _store_rapat(acting_user, data: dict) -> tuple[str, dict]:
    wksbm = _wksbm(acting_user, data, required=True)
    rapat = rapat_create(
        acting_user=acting_user,
        wksbm=wksbm,
        tanggal=_required_date(data, "tanggal"),
        tempat=_text(data, "tempat"),
        agenda=_text(data, "agenda"),
        keputusan=_text(data, "keputusan"),
        notulen=_text(data, "notulen"),
        hadir=_ids(data, "hadir"),
        jumlah_hadir_lain=_number(data, "jumlah_hadir_lain", default=0),
    )
    return rapat.kode_wilayah, {
        "status": "disimpan",
        "rapat_id": rapat.pk,
        "hadir": rapat.hadir.count(),
    }


def _store_kas_masuk(acting_user, data: dict) -> tuple[str, dict]:
    wksbm = _wksbm(acting_user, data, required=True)
    fotos = _staged_fotos(acting_user, data.get("foto"))
    if len(fotos) > 1:
        raise ValidationError({"foto": "Satu foto bukti untuk satu penerimaan."})
    entri = entri_kas_receive(
        acting_user=acting_user,
        wksbm=wksbm,
        tanggal=_required_date(data, "tanggal"),
        sumber=_text(data, "sumber"),
        jumlah=_number(data, "jumlah"),
        uraian=_text(data, "uraian"),
        kuantitas=_number(data, "kuantitas", decimal.Decimal),
        satuan=_text(data, "satuan"),
        bukti_upload=fotos[0].berkas if fotos else None,
    )
    _place_fotos(fotos, entri.kode_wilayah)
    return entri.kode_wilayah, {
        "status": "disimpan",
        "entri_kas_id": entri.pk,
        "saldo_setelah": entri.saldo_setelah,
    }


def ppks_version(ppks: Ppks) -> str:
    """The version a field edit is made on: the record's last-change time."""
    return ppks.diubah.isoformat()


def _apply_ppks_edit(acting_user, ppks: Ppks, data: dict) -> Ppks:
    values = {name: getattr(ppks, name) for name in ppks_services.FIELDS}
    values.update({name: _text(data, name) for name in PPKS_EDIT_FIELDS if name in data})
    return ppks_services.ppks_update(
        acting_user=acting_user,
        ppks=ppks,
        data=values,
        kode_wilayah=ppks.kode_wilayah,
        jenis=list(ppks.jenis.all()),
    )


def _store_ppks_edit(acting_user, data: dict, client_id, digest: str) -> tuple[str, dict]:
    ppks = get_visible_or_404(
        ppks_list_visible_to(acting_user).select_for_update(), acting_user, pk=data.get("ppks_id")
    )
    if data.get("versi") != ppks_version(ppks):
        # Someone changed the record since the phone read it: never overwrite, a reviewer decides.
        konflik = KonflikKiriman.objects.create(
            client_id=client_id,
            pengguna=acting_user,
            jenis=Jenis.PPKS_UBAH,
            alasan=KonflikKiriman.Alasan.VERSI,
            isi=data,
            hash_isi=digest,
            wilayah_id=ppks.kode_wilayah,
        )
        return ppks.kode_wilayah, {"status": "konflik", "konflik_id": konflik.pk}
    ppks = _apply_ppks_edit(acting_user, ppks, data)
    return ppks.kode_wilayah, {
        "status": "disimpan",
        "ppks_id": ppks.pk,
        "versi": ppks_version(ppks),
    }


def _handle(acting_user, jenis: str, data: dict, client_id, digest: str) -> tuple[str, dict]:
    if jenis == Jenis.PPKS:
        return _store_ppks(acting_user, data)
    if jenis == Jenis.KEGIATAN:
        return _store_kegiatan(acting_user, data)
    if jenis == Jenis.PPKS_UBAH:
        return _store_ppks_edit(acting_user, data, client_id, digest)
    if jenis == Jenis.KUNJUNGAN:
        return _store_kunjungan(acting_user, data)
    if jenis == Jenis.RAPAT:
        return _store_rapat(acting_user, data)
    if jenis == Jenis.KAS_MASUK:
        return _store_kas_masuk(acting_user, data)
    raise ValidationError({"jenis": "Jenis kiriman tidak dikenal."})


@transaction.atomic
def _receive_once(*, acting_user, client_id, jenis: str, data: dict, digest: str) -> Jawaban:
    existing = Kiriman.objects.select_for_update().filter(client_id=client_id).first()
    if existing is not None:
        if existing.pengguna_id == acting_user.pk and existing.hash_isi == digest:
            return Jawaban(200, existing.hasil)
        # Never overwrite and never show another user's result: keep the content for review.
        KonflikKiriman.objects.create(
            client_id=client_id,
            pengguna=acting_user,
            jenis=jenis if jenis in Jenis.values else existing.jenis,
            alasan=KonflikKiriman.Alasan.ID_SAMA,
            isi=data,
            hash_isi=digest,
            wilayah_id=(
                existing.wilayah_id
                if existing.pengguna_id == acting_user.pk
                else acting_user.kode_wilayah
            ),
        )
        return Jawaban(
            409, {"status": "konflik", "detail": "Id kiriman sudah dipakai untuk isi lain."}
        )
    kode, hasil = _handle(acting_user, jenis, data, client_id, digest)
    status = Kiriman.Status.KONFLIK if hasil["status"] == "konflik" else Kiriman.Status.DISIMPAN
    Kiriman.objects.create(
        client_id=client_id,
        pengguna=acting_user,
        jenis=jenis,
        hash_isi=digest,
        hasil=hasil,
        status=status,
        wilayah_id=kode,
    )
    return Jawaban(200, hasil)


def kiriman_receive(*, acting_user, client_id: str, jenis: str, data: dict) -> Jawaban:
    """Store one outbox item exactly once (see the module docstring)."""
    if not can_capture(acting_user):
        raise PermissionDenied("Hanya PSM, pengurus WKSBM dan TKSK yang mengirim dari lapangan.")
    try:
        client_id = uuid.UUID(str(client_id))
    except ValueError as error:
        raise ValidationError({"client_id": "Id kiriman tidak valid."}) from error
    digest = payload_hash(jenis, data)
    try:
        return _receive_once(
            acting_user=acting_user, client_id=client_id, jenis=jenis, data=data, digest=digest
        )
    except IntegrityError:
        # The same id arrived twice at once: the other request stored it; answer from it.
        return _receive_once(
            acting_user=acting_user, client_id=client_id, jenis=jenis, data=data, digest=digest
        )


def foto_receive(*, acting_user, upload, sha256: str) -> tuple[FotoLuring, bool]:
    """Stage a photo by its content hash; answers (photo, created). A photo already received
    from this user is not stored again."""
    if not can_capture(acting_user):
        raise PermissionDenied("Hanya PSM, pengurus WKSBM dan TKSK yang mengirim dari lapangan.")
    existing = FotoLuring.objects.filter(pengguna=acting_user, sha256=sha256).first()
    if existing is not None:
        return existing, False
    content = upload.read()
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ValidationError({"foto": "Isi foto tidak cocok dengan hash-nya; kirim ulang."})
    upload.seek(0)
    berkas = None
    try:
        with transaction.atomic():
            berkas = berkas_store(
                acting_user=acting_user,
                upload=upload,
                kode_wilayah=acting_user.kode_wilayah,
                jenis=Berkas.Jenis.FOTO,
            )
            foto = FotoLuring.objects.create(
                pengguna=acting_user,
                sha256=sha256,
                berkas=berkas,
                wilayah_id=acting_user.kode_wilayah,
            )
    except IntegrityError:
        # The same photo arrived twice at once: the other request staged it. The files this one
        # stored lost their row with the rollback: remove them.
        if berkas is not None:
            berkas_files_delete(berkas)
        return FotoLuring.objects.get(pengguna=acting_user, sha256=sha256), False
    return foto, True


def foto_known(*, acting_user, sha256: str) -> bool:
    return FotoLuring.objects.filter(pengguna=acting_user, sha256=sha256).exists()


def konflik_list_visible_to(user):
    if not can_review(user):
        return KonflikKiriman.objects.none()
    return visible_to(KonflikKiriman.objects.select_related("pengguna"), user)


@transaction.atomic
def konflik_decide(*, acting_user, konflik: KonflikKiriman, terapkan: bool) -> KonflikKiriman:
    """Close a conflict. Applying an edit conflict writes the field values onto the current
    version of the PPKS (through the PPKS service, so its rules and audit apply)."""
    if not can_review(acting_user):
        raise PermissionDenied("Anda tidak berwenang meninjau konflik.")
    konflik = KonflikKiriman.objects.select_for_update().get(pk=konflik.pk)
    if konflik.status != KonflikKiriman.Status.TERBUKA:
        raise ValidationError("Konflik ini sudah diputuskan.")
    if terapkan:
        if konflik.alasan != KonflikKiriman.Alasan.VERSI:
            raise ValidationError("Hanya perubahan PPKS yang dapat diterapkan dari sini.")
        ppks = get_visible_or_404(
            ppks_list_visible_to(acting_user), acting_user, pk=konflik.isi.get("ppks_id")
        )
        _apply_ppks_edit(acting_user, ppks, konflik.isi)
    konflik.status = KonflikKiriman.Status.DITERAPKAN if terapkan else KonflikKiriman.Status.DITOLAK
    konflik.diputuskan_oleh = acting_user
    konflik.diputuskan = timezone.now()
    konflik.save()
    audit_record(
        actor=acting_user,
        aksi="konflik_luring_diputuskan",
        objek=konflik,
        perubahan={"status": [KonflikKiriman.Status.TERBUKA, konflik.status]},
    )
    return konflik
