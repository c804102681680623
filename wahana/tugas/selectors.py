from django.http import Http404

from .models import Tugas


def tugas_list_for(user):
    """Jobs are personal: a user sees the jobs they asked for (within their scope when made)."""
    if not user.is_authenticated:
        return Tugas.objects.none()
    return Tugas.objects.filter(diminta_oleh=user).select_related("berkas")


def tugas_get_for(user, pk) -> Tugas:
    try:
        return tugas_list_for(user).get(pk=pk)
    except (Tugas.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
