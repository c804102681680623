"""Session timeouts: a session ends after WAHANA_SESSION_IDLE_TIMEOUT seconds without a request
and WAHANA_SESSION_ABSOLUTE_TIMEOUT seconds after the login, whatever the activity. A shared
computer at a village office is then not left signed in for the next visitor."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils.translation import gettext as _

LOGIN_AT = "wahana_masuk"
SEEN_AT = "wahana_aktif"
# The last-activity stamp is written at most this often: not a session write per request.
TOUCH_EVERY = 60


def _expired(session, now: float) -> str | None:
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is not None and now - login_at > settings.WAHANA_SESSION_ABSOLUTE_TIMEOUT:
        return _("Sesi Anda berakhir (batas waktu sejak masuk). Silakan masuk lagi.")
    if seen_at is not None and now - seen_at > settings.WAHANA_SESSION_IDLE_TIMEOUT:
        return _("Sesi Anda berakhir karena lama tidak aktif. Silakan masuk lagi.")
    return None


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = time.time()
        if request.user.is_authenticated:
            reason = _expired(request.session, now)
            if reason is not None:
                from wahana.audit.services import audit_record

                user = request.user
                audit_record(actor=user, aksi="sesi_berakhir", kode_wilayah=user.kode_wilayah)
                # The request goes on as an anonymous one: pages send to the login, the API
                # answers 401.
                logout(request)
                messages.warning(request, reason)
        response = self.get_response(request)
        # After the view, so the login request itself starts the clocks. Only sessions of a
        # password login: a bearer-token request must not create a session.
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY) and request.user.is_authenticated:
            if session.get(LOGIN_AT) is None:
                session[LOGIN_AT] = now
            if now - session.get(SEEN_AT, 0) >= TOUCH_EVERY:
                session[SEEN_AT] = now
        return response
