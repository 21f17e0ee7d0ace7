"""Settings shared by every deployment. Layers: base → default (local) / test / production."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from talapker.core.filestores import file_storages
from talapker.core.http.caches import cache_settings, counters_setting
from talapker.core.logs import logging_config
from talapker.core.permissions import DIR_MODE, FILE_MODE
from talapker.settings import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
HOME = env.home()

SECRET_KEY = env.secret_key()
TALAPKER_PSEUDONYM_KEY = env.pseudonym_key()  # donors' pseudonyms (disclosure/donors.py)
TALAPKER_SIGNING_KEY_FILE = env.get("TALAPKER_SIGNING_KEY_FILE")  # audit/keys.py
DEBUG = env.flag("TALAPKER_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in env.get("TALAPKER_ALLOWED_HOSTS").split(",") if h.strip()]

INSTALLED_APPS = [
    "talapker.accounts.adminconfig.TalapkerAdminConfig",  # django.contrib.admin, OTP-only site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "corsheaders",
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "talapker.core",
    "talapker.audit",
    "talapker.accounts",
    "talapker.elections",
    "talapker.parties",
    "talapker.candidates",
    "talapker.funds",
    "talapker.lotdraw",
    "talapker.registers",
    "talapker.filings",
    "talapker.banking",
    "talapker.ads",
    "talapker.voters",
    "talapker.results",
    "talapker.complaints",
    "talapker.compliance",
    "talapker.disclosure",
    "talapker.opendata",
    "talapker.demo",  # last: it drives the others and none imports it
]

MIDDLEWARE = [
    # First: times every request for /metrics (by method and status class) and keeps the
    # proxy's X-Request-ID for the logs (core/metrics.py).
    "talapker.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS for /api/: reads from any origin, writes from none (core/http/cors.py). Before
    # every middleware that may answer, so that each answer (a 304 too) carries its headers.
    "talapker.core.http.cors.ReadOnlyCorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, compressed ahead of time
    # Pages, JSON and exports; outside every middleware that writes the body (docs/decisions/0005).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "talapker.core.api.errors.ApiErrorMiddleware",  # after Locale: problems in its language
    "talapker.core.busy.BusyMiddleware",  # a lock that outlasts the wait: 503, never 500
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # ETag, Last-Modified, 304 without the view, Cache-Control, the API's response cache
    # (docs/decisions/0011-http-caching.md): after Locale and the authentication middlewares.
    "talapker.core.http.middleware.HttpCachingMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "talapker.urls"
WSGI_APPLICATION = "talapker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# How long a write waits for another's lock before giving up: one figure for SQLite's busy
# timeout and PostgreSQL's lock_timeout. A request that gives up answers 503 with Retry-After
# (core/busy.py), so it must stay well under the server's worker timeout.
TALAPKER_DB_LOCK_WAIT = env.seconds("TALAPKER_DB_LOCK_WAIT")
# FULL: the WAL is synced at every commit, so that a write once acknowledged survives a power
# cut or a crash of the machine (NORMAL survives a killed process only; docs/faults.md).
SQLITE_SYNCHRONOUS = env.choice("TALAPKER_SQLITE_SYNCHRONOUS", ("full", "normal"))
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": TALAPKER_DB_LOCK_WAIT,  # sqlite3's busy timeout; no PRAGMA busy_timeout beside it
    "init_command": (
        f"PRAGMA journal_mode=WAL;PRAGMA synchronous={SQLITE_SYNCHRONOUS};PRAGMA foreign_keys=ON;"
    ),
}


def database(url: str) -> dict:
    """A Django DATABASES entry for a URL, with the SQLite pragmas the platform relies on and,
    on PostgreSQL, the same bounded lock wait (`lock_timeout`, per connection)."""
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # A connection kept for the thread's next request (checked before reuse): opening
        # one costs some 5 ms per request on loopback, more across a network.
        config["CONN_MAX_AGE"] = env.whole_seconds("TALAPKER_DB_CONN_MAX_AGE")
        config["CONN_HEALTH_CHECKS"] = True
        options = dict(config.get("OPTIONS") or {})
        wait_ms = round(TALAPKER_DB_LOCK_WAIT * 1000)
        options["options"] = f"{options.get('options', '')} -c lock_timeout={wait_ms}".strip()
        config["OPTIONS"] = options
    return dict(config)


DATABASES = {
    "default": database(env.get("DATABASE_URL") or f"sqlite:///{HOME / 'talapker.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts (docs/accounts.md): one login page with a one-time code; lockout per account and
# address, per account and per address, each with its own limit.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "disclosure:home"
LOGOUT_REDIRECT_URL = "disclosure:home"
TALAPKER_LOGIN_LIMITS = {  # failed sign-ins counted together -> how many block them
    ("username", "ip_address"): env.positive_int("TALAPKER_LOGIN_LIMIT_ACCOUNT_ADDRESS"),
    ("username",): env.positive_int("TALAPKER_LOGIN_LIMIT_ACCOUNT"),
    ("ip_address",): env.positive_int("TALAPKER_LOGIN_LIMIT_ADDRESS"),
}
AXES_HANDLER = "talapker.accounts.throttling.LoginThrottleHandler"  # applies the limits above
AXES_LOCKOUT_PARAMETERS = [list(together) for together in TALAPKER_LOGIN_LIMITS]
AXES_FAILURE_LIMIT = TALAPKER_LOGIN_LIMITS[("username", "ip_address")]  # what the admin shows
AXES_COOLOFF_TIME = timedelta(minutes=env.positive_int("TALAPKER_LOGIN_COOLOFF_MINUTES"))
# Attempts while blocked are refused unchecked; counting them would let a person who keeps
# trying stay blocked for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "talapker.accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "talapker.accounts.throttling.client_ip"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code"]
TALAPKER_PROXY_COUNT = int(env.get("TALAPKER_PROXY_COUNT") or "0")
TALAPKER_WHOLE_SET_WORK_MEM = env.get("TALAPKER_WHOLE_SET_WORK_MEM")
OTP_TOTP_ISSUER = "Talapker"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Kyrgyz first (the state language), then Russian (official), then English.
LANGUAGE_CODE = "ky"
LANGUAGES = [("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English")]
LANGUAGE_NAMES = {"ky": _("Kyrgyz"), "ru": _("Russian"), "en": _("English")}
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Dates as the commission writes them where Django differs (Kyrgyz: "9-декабрь 2026-ж.").
FORMAT_MODULE_PATH = ["talapker.core.locale_formats"]
USE_I18N = True
TIME_ZONE = "Asia/Bishkek"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(mode=DIR_MODE, exist_ok=True)
MEDIA_ROOT = HOME / "media"
MEDIA_URL = "/media/"
# Originals that filers and banks submitted (reports, scans, statements, quarantined files):
# never under MEDIA_ROOT, handed out only by views that check the reader's role.
PRIVATE_ROOT = HOME / "private"
# Stored files in TALAPKER_HOME, or in a bucket of S3-compatible storage (core/filestores.py).
STORAGES = {
    **file_storages(
        env.get("TALAPKER_S3_BUCKET"),
        env.get("TALAPKER_S3_ENDPOINT_URL"),
        env.get("TALAPKER_S3_REGION"),
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: hard caps before anything is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Stored files are the owner's alone, whatever the umask of the process that stores them.
FILE_UPLOAD_PERMISSIONS = FILE_MODE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = DIR_MODE

SESSION_COOKIE_HTTPONLY = True
# Sessions exist only for signed-in filers, banks and staff: a working day, ended when the
# browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # An unknown query parameter is a 400 naming it, not silently ignored (core/api/filters.py).
    "DEFAULT_FILTER_BACKENDS": ["talapker.core.api.filters.StrictFilterBackend"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "talapker.core.api.exports.FormatNegotiation",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "talapker.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # Counted in the shared `default` cache, anonymous clients by address, signed-in ones
    # (banks, filers) by account (core/http/throttles.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "talapker.core.http.throttles.AnonThrottle",
        "talapker.core.http.throttles.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.rate("TALAPKER_API_ANON_RATE"),
        "user": env.rate("TALAPKER_API_USER_RATE"),
    },
    # A client's address for the limits: the one the nearest proxy saw, never what the
    # client wrote into X-Forwarded-For (the same rule as the login lockout's).
    "NUM_PROXIES": TALAPKER_PROXY_COUNT,
    "DEFAULT_PAGINATION_CLASS": "talapker.core.api.pagination.StableCursorPagination",
    "PAGE_SIZE": 100,
    "URL_FORMAT_OVERRIDE": "format",
    # One handler for every API error, a lock that outlasts the wait (core/busy.py) included.
    "EXCEPTION_HANDLER": "talapker.core.api.errors.api_exception_handler",
}

# Caches shared by every worker (core/http/caches.py): files in the data directory, or Redis.
CACHES = cache_settings(HOME, env.get("TALAPKER_CACHE_URL"))
TALAPKER_COUNTERS = counters_setting(HOME, env.get("TALAPKER_CACHE_URL"))  # rate limits

# HTTP caching of public reads (docs/decisions/0011-http-caching.md). The newest row of each
# of these tables marks a change of public data (core/http/version.py): every audited write,
# every edit in the admin site, the scans' text that the queue extracts after a filing.
TALAPKER_CHANGE_LOGS = [
    ("audit.AuditEvent", "at"),
    ("admin.LogEntry", "action_time"),
    ("filings.ScanPage", "extracted_at"),
]
TALAPKER_HTTP_MAX_AGE = 60  # seconds a public page or API answer may be used unchecked
TALAPKER_API_CACHE_SECONDS = 300  # how long the server keeps an anonymous API answer

# CORS (core/http/cors.py): the API is open to every origin for reads, without credentials.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Disposition"]

SPECTACULAR_SETTINGS = {
    "TITLE": "Talapker API",
    "DESCRIPTION": "Open data of the election commission: elections, parties, candidates "
    "and, as they are filed, the money of every election fund. Every list of an election is "
    "also published whole each night as CSV and Parquet files with a Frictionless data "
    "package: see the election's data page, /ky/elections/{election}/data/ (docs/open-data.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Every operation's problems (400/404/406/429), its 304 and validators: core/http/openapi.py.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "talapker.core.http.openapi.error_responses",
    ],
}

# Background work (screening after a filing or an import): huey, on a SQLite queue file in
# the data directory by default (a separate file, so it never contends with the database),
# on Redis when TALAPKER_QUEUE_URL names one. `talapker serve` starts the consumer.
_QUEUE_URL = env.get("TALAPKER_QUEUE_URL")
HUEY: dict[str, object] = {
    "name": "talapker",
    "immediate": False,
    "results": False,
    "consumer": {"workers": 2, "worker_type": "thread"},
}
if _QUEUE_URL.startswith(("redis://", "rediss://")):
    HUEY |= {"huey_class": "huey.RedisHuey", "url": _QUEUE_URL}
else:
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(HOME / "queue.sqlite3")}

# Open-data snapshots (docs/open-data.md): written nightly into the data directory, the
# newest OPENDATA_KEEP of each election kept; links in them point at OPENDATA_PUBLIC_URL.
OPENDATA_ROOT = HOME / "opendata"
OPENDATA_KEEP = env.positive_int("TALAPKER_OPENDATA_KEEP")
OPENDATA_PUBLIC_URL = env.get("TALAPKER_PUBLIC_URL")

# Logs (core/logs.py): long digit runs (PINs, INNs, accounts) masked; JSON lines on request.
LOGGING = logging_config(env.choice("TALAPKER_LOG_FORMAT", ("text", "json")))

# /metrics (core/metrics.py): for these addresses, or a request with this bearer token.
TALAPKER_METRICS_ALLOW = env.networks("TALAPKER_METRICS_ALLOW")
TALAPKER_METRICS_TOKEN = env.get("TALAPKER_METRICS_TOKEN")

# "Am I on the voter list?" (voters/lookup.py): lookups per client address (per chat on the
# bot) and by everyone together; the shared secret of the chat-bot adapter ("" = no bot).
TALAPKER_LOOKUP_RATE = env.rate("TALAPKER_LOOKUP_RATE")
TALAPKER_LOOKUP_GLOBAL_RATE = env.rate("TALAPKER_LOOKUP_GLOBAL_RATE")
TALAPKER_BOT_TOKEN = env.get("TALAPKER_BOT_TOKEN")
