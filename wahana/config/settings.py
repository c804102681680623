"""Wahana settings: one file, read from the environment.

SQLite in ./var by default; DATABASE_URL switches to PostgreSQL. DEBUG is off unless WAHANA_DEBUG
is set. In production (WAHANA_ENV=production) a SECRET_KEY must be given.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "False") -> bool:
    return os.getenv(name, default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.getenv(name, str(default)))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


WAHANA_ENV = os.getenv("WAHANA_ENV", "development")
PRODUCTION = WAHANA_ENV == "production"
DEBUG = envbool("WAHANA_DEBUG")

# Where the data lives: the SQLite file, uploads and backups. Keep it outside the web root.
DATA_DIR = Path(os.getenv("WAHANA_DATA_DIR", BASE_DIR.parent / "var")).resolve()

# Key for NIK/No KK encryption and blind index (wahana/ppks/crypto.py): outside the database.
# Empty in development: a key file is generated under DATA_DIR/kunci/ (0600).
WAHANA_DATA_KEY = os.getenv("WAHANA_DATA_KEY", "")
# Years an archived PPKS record keeps its personal data (`wahana ppks retention --hapus`).
PPKS_RETENSI_TAHUN = envint("PPKS_RETENSI_TAHUN", 5)

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY wajib diisi pada WAHANA_ENV=production.")
    SECRET_KEY = "dev-only-insecure-key-wahana-not-for-production"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ninja",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wahana.wilayah",
    "wahana.akun",
    "wahana.audit",
    "wahana.berkas",
    "wahana.tugas",
    "wahana.wksbm",
    "wahana.pendamping",
    "wahana.ppks",
    "wahana.kegiatan",
    "wahana.dana",
    "wahana.bimtek",
    "wahana.pantau",
    "wahana.laporan",
    "wahana.luring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wahana.config.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "wahana.audit.context.AuditContextMiddleware",
    # After the audit context, so their refusals and logouts are audited with the address.
    "wahana.akun.sesi.SessionTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wahana.akun.otp.SecondFactorMiddleware",
]

ROOT_URLCONF = "wahana.config.urls"
WSGI_APPLICATION = "wahana.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wahana.config.context_processors.navigation",
                "wahana.config.context_processors.kepala",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{DATA_DIR / 'wahana.sqlite3'}"),
        # Persistent connections: opening one per request costs about 8x on these machines.
        conn_max_age=envint("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {
        "NAME": str(DATA_DIR / f"{os.getenv('WAHANA_TEST_DB', 'test-wahana')}.sqlite3")
    }
elif os.getenv("WAHANA_TEST_DB"):
    # Separate test databases for test runs that share one PostgreSQL server at once.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["WAHANA_TEST_DB"]}
# A streaming replica of the primary (docs/scaling.md): dashboards, reports and exports read
# from it (wahana/config/routers.py); writes, transactions and migrations stay on the primary.
# In a test run it is the test database itself (a mirror).
if os.getenv("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=envint("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["wahana.config.routers.ReplikaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "akun.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's, loading with the user what every request asks of it (wahana/akun/backends.py).
    "wahana.akun.backends.WahanaBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "akun:login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "akun:login"

# Lockout (django-axes): per username *and* address, so one wrong-typing user cannot lock out a
# whole village office that shares one public address.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "akun/terkunci.html"
AXES_HTTP_RESPONSE_CODE = 429
# The API answers a lockout as JSON like its other errors; pages show the template.
AXES_LOCKOUT_CALLABLE = "wahana.akun.lockout.lockout_response"
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["wahana.config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.getenv("WAHANA_STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads live outside the web root and are only served through views that check scope.
MEDIA_ROOT = DATA_DIR / "unggahan"
MEDIA_URL = "/unggahan/"  # never routed to the filesystem directly
FILE_UPLOAD_PERMISSIONS = 0o640
WAHANA_UPLOAD_MAX_MB = {
    "dokumen": envint("UPLOAD_MAX_MB_DOKUMEN", 10),
    "foto": envint("UPLOAD_MAX_MB_FOTO", 12),
}
# A photo's original is kept beside the re-encoded copy when no larger than this.
WAHANA_PHOTO_ORIGINAL_MB = envint("PHOTO_ORIGINAL_MAX_MB", 4)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Sessions and cookies.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
# A session ends after this many seconds without a request, and this long after the login
# whatever the activity (wahana/akun/sesi.py).
WAHANA_SESSION_IDLE_TIMEOUT = envint("SESSION_IDLE_TIMEOUT", 30 * 60)
WAHANA_SESSION_ABSOLUTE_TIMEOUT = envint("SESSION_ABSOLUTE_TIMEOUT", 12 * 3600)

# Two-step verification (TOTP, django-otp): required of the operator and admin roles when on,
# available to every role from the "Keamanan akun" page (wahana/akun/otp.py).
# Required in production; a development or demo instance asks for it only when set.
WAHANA_2FA_REQUIRED = envbool("WAHANA_2FA_REQUIRED", str(PRODUCTION))
OTP_TOTP_ISSUER = "Wahana"

# Cache: rate limits (wahana/akun/ratelimit.py). Per process by default; with several gunicorn
# workers set a shared one, e.g. CACHE_BACKEND=django.core.cache.backends.filebased.FileBasedCache
# and CACHE_LOCATION=/srv/wahana/var/cache.
CACHES = {
    "default": {
        "BACKEND": os.getenv("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": os.getenv("CACHE_LOCATION", "wahana"),
    }
}
# Sessions: read from a cache every worker of this machine shares, written through to the
# database (cached_db), so a signed-in request costs no session query; a logout on one worker
# ends the session on all of them, and a wiped cache loses nothing (the database has it).
# Signed-cookie sessions were not taken: a logged-out or stolen cookie would stay valid until it
# expires. Several application machines need a cache they share (SESSION_CACHE_BACKEND, e.g.
# Redis) or plain database sessions (SESSION_ENGINE=django.contrib.sessions.backends.db).
SESSION_ENGINE = os.getenv("SESSION_ENGINE", "django.contrib.sessions.backends.cached_db")
SESSION_CACHE_ALIAS = "sesi"
CACHES[SESSION_CACHE_ALIAS] = {
    "BACKEND": os.getenv(
        "SESSION_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
    ),
    "LOCATION": os.getenv("SESSION_CACHE_LOCATION", str(DATA_DIR / "cache" / "sesi")),
    # Beyond this many sessions the cache drops a third of them; those are read from the
    # database again. The file cache lists its directory on every write (a login, then at
    # most one a minute per session): 4 ms of CPU at 5,000 files, 16 ms at 20,000.
    "OPTIONS": {"MAX_ENTRIES": envint("SESSION_CACHE_MAX_ENTRIES", 5000)},
}
# Requests per client per period ("<n>/<s|m|h>") for the limited endpoints, by key.
WAHANA_RATE_LIMITS = {
    "token": os.getenv("RATE_LIMIT_TOKEN", "30/m"),
    "cari": os.getenv("RATE_LIMIT_SEARCH", "120/m"),
    "ekspor": os.getenv("RATE_LIMIT_EXPORT", "20/h"),
    "sandi": os.getenv("RATE_LIMIT_PASSWORD_RESET", "5/h"),
}

# E-mail (password reset). The console in development; SMTP in production.
EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "Wahana <wahana@localhost>")
PASSWORD_RESET_TIMEOUT = 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", str(PRODUCTION))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(PRODUCTION))
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if envbool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind one reverse proxy the client's address is the last one it adds, so lockouts stay
    # per user *and* address instead of per user only.
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
# /healthz is probed by load balancers over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy: nothing from outside, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 1000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
