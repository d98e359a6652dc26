"""Settings from environment variables with safe defaults.

Secrets may also come from files (``SECRET_KEY_FILE``), so a container or a
systemd unit can mount them. ``COPHUB_ENV=production`` turns on the checks that
refuse to start with a development key or with DEBUG on.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envstr(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (for mounted secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


ENV = envstr("COPHUB_ENV", "development")
if ENV not in {"development", "production"}:
    raise ImproperlyConfigured("COPHUB_ENV must be 'development' or 'production'")
PRODUCTION = ENV == "production"

DEV_SECRET_KEY = "django-insecure-cophub-development-only-never-use-in-production"  # noqa: S105
SECRET_KEY = envstr("SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)
DEBUG = envbool("DEBUG", "0" if PRODUCTION else "1")

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("Refusing to start: DEBUG is on in production.")
    # 50 × "a" is 50 characters and no secret: a random key of that length has ~35
    # different characters, so fewer than 20 means it was typed, not generated.
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 20
        or SECRET_KEY.startswith("django-insecure")
    ):
        raise ImproperlyConfigured(
            "Refusing to start: set SECRET_KEY (or SECRET_KEY_FILE) to a random value "
            "of at least 50 characters in production, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )

ALLOWED_HOSTS = [h for h in envstr("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in envstr("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# A failed CSRF check answers our page in the reader's language, not Django's English one.
CSRF_FAILURE_VIEW = "cophub.core.views.csrf_failure"
# Absolute address of the site, used for links that leave the browser (QR codes, e-mails).
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "cophub.core",
    "cophub.ops",
    "cophub.jobs",
    "cophub.outbox",
    "cophub.accounts",
    "cophub.orgs",
    "cophub.privacy",
    "cophub.programs",
    "cophub.knowledge",
    "cophub.search",
    "cophub.surveys",
    "cophub.participants",
    "cophub.reports",
    "cophub.dashboard",
    "cophub.certificates",
    "cophub.followups",
    "cophub.kmplan",
    "cophub.rights",
    "cophub.demo",
]

MIDDLEWARE = [
    # Outermost: the request id covers every log line and the latency every layer.
    "cophub.ops.middleware.RequestMiddleware",
    # Before anything reads the path or the query into the database.
    "cophub.core.middleware.RefuseControlCharactersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cophub.core.middleware.SecurityHeadersMiddleware",
    # The public survey submission answers here, before sessions, users and messages.
    "cophub.surveys.api_submit.SubmissionMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is chosen (its refusals are in the caller's language).
    "cophub.core.middleware.ApiWriteGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cophub.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cophub.accounts.throttle.LoginThrottleMiddleware",
    # Last, as django-axes asks: it turns a locked account's failed log-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cophub.urls"
WSGI_APPLICATION = "cophub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cophub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["cophub.core.templatetags.thai", "cophub.core.templatetags.util"],
        },
    }
]

# --- Database -------------------------------------------------------------
# SQLite in var/ by default; PostgreSQL (psycopg 3, pooled) when DATABASE_URL says so.
VAR_DIR = Path(envstr("COPHUB_VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = envstr("DATABASE_URL", "")
if DATABASE_URL and not DATABASE_URL.startswith("sqlite:"):
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool owns connection lifetime
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(envstr("DB_POOL_MIN", "2")),
            "max_size": int(envstr("DB_POOL_MAX", "20")),
            "timeout": 10,
        }
        # Statements bound on the server (core/sql.py: the check-in's, the search index's
        # writes) are prepared after this many runs on a connection; the rest of the app
        # binds on the client and is never prepared. "none" behind a transaction-pooling
        # PgBouncer.
        threshold = envstr("DB_PREPARE_THRESHOLD", "5").lower()
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = (
            None if threshold in {"none", "off", ""} else int(threshold)
        )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # sqlite:////absolute/path.sqlite3 names another file (worker and backup tests use it).
    sqlite_name = (
        Path(dj_database_url.parse(DATABASE_URL)["NAME"])
        if DATABASE_URL
        else VAR_DIR / "cophub.sqlite3"
    )
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_name,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait
                # for the busy timeout instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
            # Kept open across requests by each server thread: opening one costs more than
            # a whole survey submission (its PRAGMAs, and the WAL's set-up when it is the
            # only one), about three times the submissions per second (docs/benchmarks.md,
            # "Surveys"). 0 opens one per request, as Django does by default.
            "CONN_MAX_AGE": int(envstr("DB_CONN_MAX_AGE", "600")),
            "CONN_HEALTH_CHECKS": True,
            # A file (not :memory:) so tests run on the same WAL set-up as the app; one per
            # process so two test runs on one machine never share a database.
            "TEST": {"NAME": VAR_DIR / f"test-{os.getpid()}.sqlite3"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "cophub.accounts.passwords.MinimumLengthValidator"},  # Thai digits
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "programs:list"
LOGOUT_REDIRECT_URL = "login"

# Log-in throttling (accounts/throttle.py): an account locks after a few wrong passwords
# (django-axes; an admin unlocks it under "Access attempts"); an address, often a whole
# office behind one NAT, only after many.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(envstr("LOGIN_FAILURES_PER_ACCOUNT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(envstr("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cophub.accounts.throttle.account_locked_response"
AXES_VERBOSE = False
LOGIN_FAILURES_PER_ADDRESS = int(envstr("LOGIN_FAILURES_PER_ADDRESS", "50"))
LOGIN_ADDRESS_WINDOW = int(envstr("LOGIN_ADDRESS_WINDOW_SECONDS", "900"))
# Proxies whose X-Forwarded-For is believed when counting per address (core/ratelimit.py),
# e.g. "127.0.0.1,10.0.0.0/8" for nginx on the host or the load balancer's network.
TRUSTED_PROXIES = [p for p in envstr("TRUSTED_PROXIES", "").split(",") if p.strip()]
# axes.W006 asks axes to count addresses too; ours does, with its own, higher limit.
# security.W021 asks for HSTS preloading, which is the operator's choice (SECURE_HSTS_PRELOAD).
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]

# --- Language and time ----------------------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "cophub" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploads: MEDIA_ROOT by default (share it between hosts, e.g. NFS), or an S3-compatible
# store. Files stay private: S3 links are signed and expire (docs/deploy.md, Operations).
STORAGE_BACKEND = envstr("STORAGE_BACKEND", "filesystem")
if STORAGE_BACKEND == "filesystem":
    _UPLOADS = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    if not envstr("S3_BUCKET"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET.")
    _UPLOADS = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("S3_BUCKET"),
            "endpoint_url": envstr("S3_ENDPOINT_URL") or None,
            "region_name": envstr("S3_REGION") or None,
            # Unset keys leave boto3 to its own chain (instance role, ~/.aws).
            "access_key": envstr("S3_ACCESS_KEY_ID") or None,
            "secret_key": envstr("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured("STORAGE_BACKEND must be 'filesystem' or 's3'")
STORAGES = {
    "default": _UPLOADS,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Mail -----------------------------------------------------------------
# Every e-mail (Django's password reset included) is written to the outbox and a worker
# delivers it through EMAIL_DELIVERY_BACKEND, with retry (cophub/outbox, docs/decisions.md).
# The default delivery is SMTP once EMAIL_HOST is set, else the console. EMAIL_BACKEND
# used to name the delivery backend; an old setting of it is still read that way.
OUTBOX_EMAIL_BACKEND = "cophub.outbox.backend.OutboxBackend"
EMAIL_BACKEND = OUTBOX_EMAIL_BACKEND
_OLD_EMAIL_BACKEND = envstr("EMAIL_BACKEND", "")
EMAIL_DELIVERY_BACKEND = (
    envstr("EMAIL_DELIVERY_BACKEND", "")
    or (_OLD_EMAIL_BACKEND if _OLD_EMAIL_BACKEND != OUTBOX_EMAIL_BACKEND else "")
    or (
        "django.core.mail.backends.smtp.EmailBackend"
        if envstr("EMAIL_HOST", "")
        else "django.core.mail.backends.console.EmailBackend"
    )
)
if EMAIL_DELIVERY_BACKEND == OUTBOX_EMAIL_BACKEND:
    raise ImproperlyConfigured("EMAIL_DELIVERY_BACKEND cannot be the outbox itself.")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = int(envstr("EMAIL_PORT", "25"))
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "0")
# Seconds per SMTP network step; keeps one send well inside the worker's lease below.
EMAIL_TIMEOUT = int(envstr("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "CoP Hub <noreply@localhost>")
# How long a worker owns a message it is sending; after that the sweep hands it on.
OUTBOX_LEASE_SECONDS = int(envstr("OUTBOX_LEASE_SECONDS", "600"))
# Tries while the server refuses for now (down, 4xx) before the message is marked
# failed; with the job queue's backoff (2 s doubling to 5 min), 20 tries span an hour.
OUTBOX_MAX_ATTEMPTS = int(envstr("OUTBOX_MAX_ATTEMPTS", "20"))

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts only from our own files (no inline script anywhere; the check-in page's QR
# decoder runs as a file too); inline style attributes are allowed (bar widths, the
# report's print styles). The camera only for our own pages (the check-in scanner).
CONTENT_SECURITY_POLICY = envstr(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; media-src 'self' blob:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
PERMISSIONS_POLICY = envstr(
    "PERMISSIONS_POLICY",
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(envstr("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
    # Preloading is hard to undo (browsers ship the list): the operator opts in.
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "0")

# Survey submissions per minute: per device (cookie or client id), and per network
# address as a flood guard loose enough for a hall of people behind one Wi-Fi router.
SURVEY_RATE_PER_DEVICE = int(envstr("SURVEY_RATE_PER_DEVICE", "10"))
SURVEY_RATE_PER_ADDRESS = int(envstr("SURVEY_RATE_PER_ADDRESS", "600"))
# A kiosk tablet (surveys/kiosk.py) is answered by one person after another.
SURVEY_RATE_PER_KIOSK = int(envstr("SURVEY_RATE_PER_KIOSK", "30"))
# Participant lists (XLSX/CSV) larger than this are refused before they are read; keep it
# under the proxy's client_max_body_size (docs/deploy.md) so the page can say why.
PARTICIPANT_IMPORT_MAX_MB = int(envstr("PARTICIPANT_IMPORT_MAX_MB", "10"))
# --- Cache and sessions ---------------------------------------------------
# Rate-limit counters and cached sessions. Per process in memory by default; REDIS_URL
# (e.g. redis://127.0.0.1:6379/0) shares them across processes and hosts. While Redis
# is unreachable the cache acts empty: rate limits fail open, sessions read the database.
REDIS_URL = envstr("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cophub.ops.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cophub",
            # Redis answers in well under a millisecond on a LAN; a host that does not
            # answer must not hold a survey submission for long.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Sessions live in the database (they survive any restart); Redis only saves reads.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "cophub.ops.cache.CountingLocMemCache",
            "LOCATION": "cophub",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Background jobs ------------------------------------------------------
# Django's tasks API (the django-tasks backport). The database backend needs nothing
# beyond the database itself; `cophub worker` runs the queue (docs/decisions.md).
# "immediate" runs each job inside the request that enqueued it (tests, one-off scripts).
TASKS_BACKEND = envstr("TASKS_BACKEND", "database")
if TASKS_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'database' or 'immediate'")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}


# --- Retention of personal data (rights/retention.py; docs/security.md, "Retention") ----
# How long each kind of personal data is kept; a periodic job purges what is older.
def _period(name: str, default: str) -> int:
    value = envstr(name, default)
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number (got {value!r})")
    return int(value)


# Registrants' e-mail and telephone: this many fiscal years after their program's year.
RETENTION_CONTACT_FISCAL_YEARS = _period("RETENTION_CONTACT_FISCAL_YEARS", "2")
# Survey device and respondent ids: this many days after the survey closes.
RETENTION_SURVEY_DEVICE_DAYS = _period("RETENTION_SURVEY_DEVICE_DAYS", "7")
# Names and changed values in audit rows about people: this many years.
RETENTION_AUDIT_SNAPSHOT_YEARS = _period("RETENTION_AUDIT_SNAPSHOT_YEARS", "5")
# Log-in records (django-axes attempts and logs): this many days.
RETENTION_LOGIN_RECORD_DAYS = _period("RETENTION_LOGIN_RECORD_DAYS", "90")
# Finished jobs' results (exports, lists, previews): this many days.
RETENTION_JOB_RESULT_DAYS = _period("RETENTION_JOB_RESULT_DAYS", "30")
# Sent e-mails in the outbox: this many days.
RETENTION_SENT_MAIL_DAYS = _period("RETENTION_SENT_MAIL_DAYS", "180")

# --- Logs and metrics -----------------------------------------------------
# One line per record on stderr, with the request (or job) id: JSON in production (for a
# log collector), text in development. LOG_FORMAT overrides either way.
LOG_FORMAT = envstr("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'text'")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cophub.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "cophub.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# /metrics answers these addresses (CIDR allowed) or a bearer METRICS_TOKEN; no one else.
METRICS_ALLOWED_IPS = [a.strip() for a in envstr("METRICS_ALLOWED_IPS", "127.0.0.1,::1").split(",") if a.strip()]  # fmt: skip
METRICS_TOKEN = envstr("METRICS_TOKEN", "")
try:
    for _net in METRICS_ALLOWED_IPS:
        ipaddress.ip_network(_net, strict=False)
except ValueError as _exc:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS: {_exc}") from None
