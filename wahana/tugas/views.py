import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone

from wahana.audit.services import audit_record

from . import selectors
from .models import Tugas


@login_required
def detail(request, pk):
    """A job's progress; while it runs, the status block polls itself (HTMX every 2 s)."""
    tugas = selectors.tugas_get_for(request.user, pk)
    if not tugas.aktif and tugas.dilihat is None:
        Tugas.objects.filter(pk=tugas.pk).update(dilihat=timezone.now())
    template = "tugas/detail.html#status" if request.htmx else "tugas/detail.html"
    return render(request, template, {"tugas": tugas})


@login_required
def unduh(request, pk):
    """The file a finished job produced, for the one who asked for it."""
    tugas = selectors.tugas_get_for(request.user, pk)
    if tugas.status != Tugas.Status.SELESAI or tugas.berkas is None:
        raise Http404
    berkas = tugas.berkas
    # Downloading a finished report opens it: it leaves the header's bell.
    Tugas.objects.filter(pk=tugas.pk, dilihat__isnull=True).update(dilihat=timezone.now())
    audit_record(
        actor=request.user, aksi="laporan_diunduh", objek=berkas, keterangan=berkas.nama_asli
    )
    return FileResponse(
        berkas.berkas.open("rb"),
        as_attachment=True,
        filename=berkas.nama_asli,
        content_type=mimetypes.guess_type(berkas.nama_asli)[0] or berkas.tipe_mime,
    )
