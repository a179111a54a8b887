"""Settings for the newsroom site: one module, driven by environment variables."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable, refusing anything ambiguous so a typo cannot flip a switch."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DJANGO_DEBUG-is-on"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "django_countries",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "flights",
    "articles",
    "newsroom",
]

MIDDLEWARE = [
    # First: a reader's cached page is answered before anything else runs (it carries the headers the
    # middleware below added when it was rendered); PageHeadersMiddleware decides what may be kept.
    "newsroom.page_cache.PageCacheMiddleware",
    "newsroom.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security.SecurityHeadersMiddleware",
    "newsroom.security.PolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "newsroom.page_cache.PageHeadersMiddleware",
    "newsroom.db_router.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
    # Innermost: a public request gets the short statement timeout; a database failure becomes a 503 page.
    "newsroom.dbfaults.DatabaseFaultMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "newsroom.seo.page_defaults",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A persistent connection the server dropped is noticed and replaced before a request uses it.
        conn_health_checks=True,
    )
}
# A read replica of the primary: readers' pages read from it (newsroom/db_router.py). In tests it mirrors
# the primary's test database.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["newsroom.db_router.ReplicaRouter"]
# Pages and story parts rendered this soon after a change to what they show are not cached: it covers clocks
# that differ between servers and a replica that has not yet received the change.
FRESHNESS_MARGIN_SECONDS = float(os.environ.get("FRESHNESS_MARGIN_SECONDS", "5" if DATABASE_REPLICA_URL else "1"))
# Seconds to wait for the database to answer a connection; a server that is down fails fast, not after minutes.
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, with a health check that reads the socket instead of sending SELECT 1 per request.
        _database["ENGINE"] = "newsroom.postgres"
        _database.setdefault("OPTIONS", {})["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
        # No JIT: the holds' EXISTS clauses (flights.holds) inflate cost estimates past jit_above_cost, and
        # compiling then takes 150-300 ms of a query that runs in 40; page queries never repay JIT.
        _database["OPTIONS"].setdefault("options", "-c jit=off")
    else:
        # SQLite: how long a writer waits for another writer's lock before giving up.
        _database.setdefault("OPTIONS", {})["timeout"] = DATABASE_CONNECT_TIMEOUT
# Longest a public page's query may run on PostgreSQL (milliseconds); the admin and background work get longer.
PUBLIC_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_PUBLIC_STATEMENT_TIMEOUT_MS", "5000"))
STAFF_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STAFF_STATEMENT_TIMEOUT_MS", "60000"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds to wait for the cache server before rendering without it (newsroom/cache_backend.py).
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.25"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache_backend.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}}

# Axes first: it refuses a locked-out username or address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "newsroom.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Manifest storage needs collectstatic; debug and tests serve the plain files.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env_bool("DJANGO_PLAIN_STATIC", False)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

SITE_NAME = os.environ.get("SITE_NAME", "The Removal Record")
# Public origin for canonical links, feeds and structured data (https://example.org); empty: the request's own.
SITE_URL = os.environ.get("SITE_URL", "")
# Seconds a public page may be cached by shared caches (a CDN: s-maxage), which are purged on change.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "300"))
# Seconds a browser may reuse a page without asking; 0 makes it revalidate (a cheap 304) so a correction
# shows on the reader's next load.
PUBLIC_BROWSER_SECONDS = int(os.environ.get("PUBLIC_BROWSER_SECONDS", "0"))
# A CDN may serve a page this many seconds past s-maxage while it fetches a new one, or while we are down.
PUBLIC_STALE_SECONDS = int(os.environ.get("PUBLIC_STALE_SECONDS", "30"))
PUBLIC_STALE_IF_ERROR_SECONDS = int(os.environ.get("PUBLIC_STALE_IF_ERROR_SECONDS", "86400"))
# A CDN's purge-by-key endpoint, called after each change commits with the tags that changed (newsroom/cdn.py),
# e.g. https://api.fastly.com/service/SERVICE_ID/purge with CDN_PURGE_TOKEN the API token. Empty: no CDN.
CDN_PURGE_URL = os.environ.get("CDN_PURGE_URL", "")
CDN_PURGE_TOKEN = os.environ.get("CDN_PURGE_TOKEN", "")
CDN_PURGE_TIMEOUT_SECONDS = float(os.environ.get("CDN_PURGE_TIMEOUT_SECONDS", "2"))
# Whole pages for readers who are not logged in are kept in the cache (newsroom/page_cache.py).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
# Longest a whole page stays in the app's own page cache; it is dropped sooner when what it shows changes.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
# Pages each app process also keeps in its own memory (checked against the shared tokens on every hit).
PAGE_CACHE_LOCAL_ENTRIES = int(os.environ.get("PAGE_CACHE_LOCAL_ENTRIES", "300"))
# Listings (home, the archive, the flight database) keep their own HTML by address, the frame rendered around it
# per request (newsroom/kept_listings.py), for readers whatever the page cache does.
KEPT_LISTINGS_ENABLED = env_bool("KEPT_LISTINGS", True)

LOGIN_URL = "admin:login"

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
# DJANGO_SECURE=1 when the site is served over HTTPS (docs/security.md): browsers are told to use HTTPS
# only (HSTS), plain HTTP is redirected, and the proxy's X-Forwarded-Proto says which scheme the reader used.
if env_bool("DJANGO_SECURE", False):
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The load balancer's health check speaks plain HTTP; redirecting it would mark the site down.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
# Browser features no page uses are switched off for every page (newsroom.security).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

# Content-Security-Policy (django-csp): public pages run no inline script and load nothing from elsewhere.
# Markdown tables align cells with three fixed style attributes; their hashes allow exactly those.
_TABLE_ALIGN_STYLES = [
    "'sha256-De7agAeYqm6ANIVvRRW6HFWi52AJW8inhFE0gSdgXnI='",  # text-align:left
    "'sha256-kFAIUwypIt04FgLyVU63Lcmp2AQimPh/TdYjy04Flxs='",  # text-align:center
    "'sha256-XzJlZKVo+ff9ozww9Sr2p/2TbJXITZuaWMZ9p53zN1U='",  # text-align:right
]
PUBLIC_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-hashes'", *_TABLE_ALIGN_STYLES],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The admin's own widgets set a few inline styles; scripts stay limited to the site's own files.
ADMIN_CSP = {**PUBLIC_CSP, "style-src": ["'self'", "'unsafe-inline'"]}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": PUBLIC_CSP}

# Sessions end after this long without a request (an editor's browser left open on a shared desk).
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_MINUTES", "120")) * 60
SESSION_SAVE_EVERY_REQUEST = True

# Logins (django-axes): after AXES_FAILURE_LIMIT failures for one username, or from one address, further
# attempts are refused until the cool-off has passed; every failure is logged (logger "axes").
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
# The log names the username and address tried (who is being targeted, from where); passwords are always masked.
AXES_SENSITIVE_PARAMETERS: list[str] = []
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (0: trust only the socket's address).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

# Background work (django-tasks, database backend): imports run in `manage.py db_worker`, not in a request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Largest file any upload may carry (the admin's flight import says so in words); DJANGO_MAX_UPLOAD_MB.
MAX_UPLOAD_BYTES = int(float(os.environ.get("DJANGO_MAX_UPLOAD_MB", "50")) * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "newsroom.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Logs go to standard output as one JSON object per line (DJANGO_LOG_FORMAT=text, the default with debug on,
# for people reading a terminal); every request is one line from newsroom.request_log at INFO
# (REQUEST_LOG_LEVEL=WARNING turns those off).
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "newsroom.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        "newsroom.cache": {"level": "WARNING"},
        # Failed logins and lockouts are security events: always logged, whatever the root level.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "newsroom.dbfaults": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Kosovo has no ISO 3166-1 code yet; XK is the code the EU, the US government and airportsdata use,
# and ICE removal flights land there (Pristina, BKPR), so records need it as a destination country.
COUNTRIES_OVERRIDE = {"XK": "Kosovo"}
