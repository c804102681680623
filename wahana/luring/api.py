"""The offline field app's endpoints under /api/v1/luring: reference data for the phone, photo
staging by content hash, and the idempotent outbox receiver."""

from django.http import Http404
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from . import selectors, services

router = Router(tags=["luring"])


class KirimanIn(Schema):
    client_id: str
    jenis: str
    data: dict


@router.get(
    "/referensi", summary="Data acuan lapangan (cakupan pengguna)", url_name="luring_referensi"
)
def luring_referensi(request):
    return selectors.referensi_for(request.auth)


@router.get("/foto/{sha256}", summary="Apakah foto ini sudah diterima", url_name="luring_foto_cek")
def luring_foto_check(request, sha256: str):
    if not services.foto_known(acting_user=request.auth, sha256=sha256):
        raise Http404
    return {"sha256": sha256, "ada": True}


@router.post("/foto", summary="Kirim foto (sekali per isi)", url_name="luring_foto_kirim")
def luring_foto_send(request, sha256: Form[str], foto: File[UploadedFile]):
    obj, baru = services.foto_receive(acting_user=request.auth, upload=foto, sha256=sha256)
    return {"sha256": obj.sha256, "ada": not baru}


@router.post(
    "/kirim",
    response={200: dict, 409: dict},
    summary="Kirim satu item kotak keluar",
    url_name="luring_kirim",
)
def luring_kirim(request, payload: KirimanIn):
    jawaban = services.kiriman_receive(
        acting_user=request.auth,
        client_id=payload.client_id,
        jenis=payload.jenis,
        data=payload.data,
    )
    return Status(jawaban.status_code, jawaban.hasil)
