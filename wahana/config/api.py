"""The REST API under /api/v1/: one NinjaAPI, one router per domain app.

Browser sessions (with CSRF) and bearer tokens from POST /api/v1/auth/token both authenticate.
Errors answer {"detail": ...} in the user's language (Accept-Language or the session's choice).
"""

from axes.exceptions import AxesBackendPermissionDenied
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, SessionAuth

from wahana.akun.services import token_user

# The largest offset a list accepts (a signed 32-bit integer, far beyond any count here).
# Every list paginates with ninja's LimitOffsetPagination, whose offset has no upper bound: a
# huge one overflowed the database's integer and answered 500 (found by tests/test_api_fuzz.py).
# Bounded once here, before the routers below are imported and decorated with it.
OFFSET_MAX = 2**31 - 1


class _PaginationInput(LimitOffsetPagination.Input):
    offset: int = Field(0, ge=0, le=OFFSET_MAX)


LimitOffsetPagination.Input = _PaginationInput


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Wahana API",
    version="1",
    description=(
        'API Wahana, sistem informasi WKSBM. Daftar menjawab {"items": [...], "count": N} '
        "dengan parameter limit dan offset; setiap rekaman yang memiliki wilayah membawa "
        'kode_wilayah. Galat menjawab {"detail": ...}.'
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    # The token first: a program's bearer request must not fall into the session's CSRF check;
    # a browser request without the header still goes through the session, CSRF included.
    auth=[TokenAuth(), SessionAuth()],
)


def _detail(request, detail, status):
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return _detail(request, _("Autentikasi diperlukan."), 401)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _detail(request, _("Tidak ditemukan."), 404)


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _detail(request, str(exc) or _("Anda tidak berwenang."), 403)


@api.exception_handler(AxesBackendPermissionDenied)
def on_locked_out(request, exc):
    return _detail(request, _("Terlalu banyak percobaan gagal. Coba lagi nanti."), 429)


@api.exception_handler(DjangoValidationError)
def on_invalid(request, exc):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _detail(request, detail, 422)


@api.exception_handler(NinjaValidationError)
def on_schema_invalid(request, exc):
    return _detail(request, exc.errors, 422)


def _register_routers() -> None:
    from wahana.akun.api import router as akun_router
    from wahana.bimtek.api import router as bimtek_router
    from wahana.dana.api import router as dana_router
    from wahana.kegiatan.api import router as kegiatan_router
    from wahana.laporan.api import router as laporan_router
    from wahana.luring.api import router as luring_router
    from wahana.pantau.api import router as pantau_router
    from wahana.pendamping.api import router as pendamping_router
    from wahana.ppks.api import router as ppks_router
    from wahana.wilayah.api import router as wilayah_router
    from wahana.wksbm.api import router as wksbm_router

    api.add_router("/", akun_router)
    api.add_router("/wilayah", wilayah_router)
    # Each domain app owns the paths under its own prefix.
    api.add_router("/wksbm", wksbm_router)
    api.add_router("/pendamping", pendamping_router)
    api.add_router("/ppks", ppks_router)
    api.add_router("/kegiatan", kegiatan_router)
    api.add_router("/dana", dana_router)
    api.add_router("/bimtek", bimtek_router)
    api.add_router("/pantau", pantau_router)
    api.add_router("/laporan", laporan_router)
    api.add_router("/luring", luring_router)


_register_routers()
