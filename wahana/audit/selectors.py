"""Reads of the audit log. Only managers (operator and admins) read it, within their scope."""

from django.db.models import Q, QuerySet

from wahana.akun.models import Peran
from wahana.akun.scope import region_q, scope_of

from .models import AuditLog


def auditlog_list_visible_to(user) -> QuerySet:
    """Audit rows whose region lies inside the user's scope. Rows without a region (failed
    logins of unknown names, system events) are shown to the system administrator only."""
    prefix = scope_of(user)
    if prefix is None or not user.is_pengelola:
        return AuditLog.objects.none()
    rows = AuditLog.objects.select_related("pelaku")
    if user.peran == Peran.ADMIN_SISTEM:
        return (
            rows
            if prefix == ""
            else rows.filter(region_q(prefix, "kode_wilayah") | Q(kode_wilayah=""))
        )
    # region_q("") matches everything: a nation-wide scope of another role (none exists today)
    # must still not cover the region-less rows.
    return rows.filter(region_q(prefix, "kode_wilayah")).exclude(kode_wilayah="")


def auditlog_filter(
    qs: QuerySet, *, aksi: str = "", pelaku: str = "", dari=None, sampai=None
) -> QuerySet:
    """Narrow the rows by action, by the actor's username (contains) and by a date range."""
    if aksi:
        qs = qs.filter(aksi=aksi)
    if pelaku:
        qs = qs.filter(pelaku_nama__icontains=pelaku)
    if dari:
        qs = qs.filter(waktu__date__gte=dari)
    if sampai:
        qs = qs.filter(waktu__date__lte=sampai)
    return qs


def auditlog_actions(qs: QuerySet) -> list[str]:
    """The actions present among the rows, for the filter's choices."""
    return sorted(set(qs.order_by().values_list("aksi", flat=True).distinct()))
