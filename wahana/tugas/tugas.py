"""Jobs of the worker itself."""

import datetime

from django.utils import timezone

from .models import Tugas
from .registry import berkala

SIMPAN_HARI = 90


@berkala("tugas.bersihkan", seconds=24 * 3600)
def bersihkan(tugas, **_kwargs):
    """Forget finished jobs after SIMPAN_HARI days (the files they made stay in berkas)."""
    cutoff = timezone.now() - datetime.timedelta(days=SIMPAN_HARI)
    old = Tugas.objects.filter(
        status__in=(Tugas.Status.SELESAI, Tugas.Status.GAGAL), diselesaikan__lt=cutoff
    )
    deleted, _detail = old.delete()
    tugas.set_progress(100, f"{deleted} tugas lama dihapus")
    return {"dihapus": deleted}
