"""Where a request came from, for the audit log, without passing `request` into services; and
a record of every request an authenticated user was refused (403)."""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            response = self.get_response(request)
            if response.status_code == 403:
                _record_refusal(request)
            return response
        finally:
            current_ip.reset(token)


def _record_refusal(request) -> None:
    """A 403 on a page or the API (PermissionDenied, CSRF failure, unverified second factor)
    is written to the audit log with the path tried. Anonymous refusals are not: they carry no
    account to follow up and would let anyone flood the log."""
    from .services import audit_record

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    audit_record(
        actor=user,
        aksi="akses_ditolak",
        kode_wilayah=user.kode_wilayah,
        keterangan=f"{request.method} {request.path}"[:500],
    )
