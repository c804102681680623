from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from wahana.akun.scope import get_visible_or_404

from .models import Berkas


@login_required
@require_GET
def berkas_unduh(request, pk):
    """Serve an upload to a user whose scope covers its region; 404 for everyone else."""
    berkas = get_visible_or_404(Berkas.objects.all(), request.user, pk=pk)
    inline = berkas.tipe_mime in ("application/pdf", "image/jpeg")
    name = (
        berkas.nama_asli
        if berkas.nama_asli.lower().endswith(berkas.ekstensi)
        else f"{berkas.nama_asli}{berkas.ekstensi}"
    )
    response = FileResponse(
        berkas.berkas.open("rb"),
        content_type=berkas.tipe_mime,
        as_attachment=not inline,
        filename=name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response
