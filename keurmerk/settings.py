"""Settings for the Keurmerk platform.

Every setting that differs between a laptop and production comes from an environment variable
with a development default. SQLite is the default database; set DATABASE_URL for PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from csp import constants as csp

from keurmerk.audit.keys import load_audit_key
from keurmerk.lib.database import with_timeouts

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
# With DEBUG on an unknown page still shows the site's own 404 page, unless a developer asks for
# Django's technical one (keurmerk.errors.FriendlyNotFoundMiddleware).
TECHNICAL_404 = env_bool("KEURMERK_TECHNICAL_404", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - used only with DEBUG on

ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

DATA_DIR = Path(os.environ.get("KEURMERK_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

SCHEME_OWNER = os.environ.get("KEURMERK_SCHEME_OWNER", "Stichting KiBG")

# The audit log's hash chain is keyed with a secret that is not in the database (required when
# DEBUG is off; in development generated once into DATA_DIR/audit.key, mode 0600). `tick` appends
# checkpoints of the chain head to an append-only file, optionally e-mailed as well.
AUDIT_KEY = load_audit_key(env_value=os.environ.get("KEURMERK_AUDIT_KEY", ""), debug=DEBUG, data_dir=DATA_DIR)
AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("KEURMERK_AUDIT_CHECKPOINT_FILE", DATA_DIR / "audit-checkpoints.log")
)
AUDIT_CHECKPOINT_EMAIL = os.environ.get("KEURMERK_AUDIT_CHECKPOINT_EMAIL", "")  # e.g. the director

INSTALLED_APPS = [
    "keurmerk.accounts.apps.KeurmerkAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "csp",
    "ninja",  # serves the API documentation's Swagger UI from our static files, not from a CDN
    # before the task queue: keurmerk.core's `db_worker` extends the queue's command of that name
    "keurmerk.core",
    "keurmerk.notifications.apps.TaskQueueConfig",
    "keurmerk.accounts",
    "keurmerk.audit",
    "keurmerk.frameworks",
    "keurmerk.organisations",
    "keurmerk.cycles",
    "keurmerk.notifications",
    "keurmerk.selfevaluations",
    "keurmerk.assessments",
    "keurmerk.credentials",
    "keurmerk.register",
    "keurmerk.complaints",
    "keurmerk.consultations",
    "keurmerk.mirror",
    "keurmerk.sampling",
    "keurmerk.api",
    "keurmerk.meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "keurmerk.middleware.DutchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "keurmerk.errors.FriendlyNotFoundMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "keurmerk.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "keurmerk.accounts.access.AccessMiddleware",
]

# --- Content-Security-Policy (django-csp 4) -------------------------------------------------------
# Scripts and styles only from our own static files; the one inline script carries the nonce
# (`{{ request.csp_nonce }}`); htmx is configured without eval and inline styles. QR codes and the
# empty favicon are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "base-uri": [csp.SELF],
        "object-src": [csp.NONE],
    }
}
# --- end Content-Security-Policy -----------------------------------------------------------------

ROOT_URLCONF = "keurmerk.urls"
WSGI_APPLICATION = "keurmerk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "keurmerk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "keurmerk.context_processors.site",
            ],
        },
    },
]

# SQLite: WAL and a busy timeout so that the web server and the worker can write side by side;
# IMMEDIATE transactions take the write lock up front instead of failing half-way.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(DATA_DIR / "keurmerk.sqlite3")),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, each loading the user with the header's unread count.
AUTHENTICATION_BACKENDS = [
    "keurmerk.core.backends.ModelBackend",
    "keurmerk.core.backends.AuthenticationBackend",
]
LOGIN_URL = "/account/login/"
LOGIN_REDIRECT_URL = "/start/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ALLOW_REGISTRATION = False  # accounts come from the application form or an invitation
ACCOUNT_ADAPTER = "keurmerk.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("KEURMERK_SCHEME_OWNER", "Stichting KiBG") + " Keurmerk"

# --- Shared cache ---------------------------------------------------------------------------------
# allauth keeps "TOTP code already used" and its rate-limit counters in the cache: it must be shared
# by every web worker. The database cache needs no extra server (`manage.py createcachetable` after
# `migrate`); Redis when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "keurmerk_cache",
            # Signed-in sessions live here too (below): the default of 300 entries would cull them
            # (and count the table on every write) as soon as a few hundred members are signed in.
            "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
        }
    }
# Sessions are read on every signed-in request: from the shared cache, written through to the
# database (so that a cleared cache signs nobody out). With Redis the read costs no database query;
# with the database cache it is one primary-key read of the cache table instead of the session table.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The public register's payloads are cached and rebuilt after every step that changes the register
# (keurmerk/register/payload.py); this bounds changes made outside those steps (the admin site).
REGISTER_CACHE_SECONDS = int(os.environ.get("KEURMERK_REGISTER_CACHE_SECONDS", "600"))
# --- end shared cache ----------------------------------------------------------------------------

# Background work: a database-backed queue (no extra server); `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Delivery across workers ----------------------------------------------------------------------
# A worker claims a notification before it talks to the SMTP server and marks it sent right after,
# each in its own short transaction. A claim older than the lease is taken to be of a killed worker:
# the notification is sent again (with the same Message-ID). The lease must be longer than any real
# send (several SMTP round trips of at most EMAIL_TIMEOUT each). A task RUNNING longer than the task
# lease is put back in the queue by `tick` (tasks are idempotent).
NOTIFICATION_SEND_LEASE = int(os.environ.get("KEURMERK_SEND_LEASE_SECONDS", "600"))
TASK_LEASE = int(os.environ.get("KEURMERK_TASK_LEASE_SECONDS", "900"))
# --- end delivery across workers -----------------------------------------------------------------
# The JSON API's rate limit per token (Django Ninja's throttle syntax: "600/m", "10000/d").
KEURMERK_API_RATE = os.environ.get("KEURMERK_API_RATE", "600/m")

SITE_URL = os.environ.get("KEURMERK_SITE_URL", "http://127.0.0.1:8000")

# --- Verifiable credentials (keurmerk/credentials: Open Badges 3.0, did:web, status list) ---------
# KEURMERK_CREDENTIAL_KEYS: a JSON list of private Ed25519 JWKs, the signing key first; keep the
# older keys after it when rotating, so that /.well-known/did.json still lists them and credentials
# they signed still verify (`manage.py credential_keys --rotate` prints the new list). Required when
# debug is off; in development the list is generated once into CREDENTIAL_KEYS_FILE.
CREDENTIAL_KEYS = os.environ.get("KEURMERK_CREDENTIAL_KEYS", "").strip()
if not CREDENTIAL_KEYS and not DEBUG:
    raise RuntimeError("KEURMERK_CREDENTIAL_KEYS must be set when DJANGO_DEBUG is off.")
CREDENTIAL_KEYS_FILE = DATA_DIR / "credential-keys.json"
# --- end of verifiable credentials -----------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "keurmerk" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "keurmerk" / "static",
    ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"
# Raw mirror-report rows (Parquet per provider) stay out of the main database.
# Uploaded attachments of self-evaluations: served only through an access-checked view, never public.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("KEURMERK_PRIVATE_MEDIA", DATA_DIR / "private"))
MIRROR_DATA_DIR = Path(os.environ.get("KEURMERK_MIRROR_DIR", DATA_DIR / "mirror"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "keurmerk@example.org")
# SMTP in production: EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and these.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# --- Deployment security ------------------------------------------------------------------------
# With debug off the defaults are the safe ones (`manage.py check --deploy` passes with only
# DJANGO_DEBUG, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS set). Behind a TLS proxy that already
# redirects to HTTPS and sends HSTS, switch those off here; see docs/deploy.md.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The health endpoint answers the load balancer over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$"]
# A log-in behind a TLS proxy: the proxy's origin must be trusted for CSRF, and Django must learn
# from the proxy's header that the request came in over HTTPS (only set this when the proxy always
# sets or overwrites that header, e.g. DJANGO_SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto).
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]


def proxy_ssl_header(value):
    """`X-Forwarded-Proto` (or `HTTP_X_FORWARDED_PROTO`) → Django's (META key, "https") pair."""
    if not value:
        return None
    name = value.strip().upper().replace("-", "_")
    return (name if name.startswith("HTTP_") else f"HTTP_{name}", "https")


SECURE_PROXY_SSL_HEADER = proxy_ssl_header(os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", ""))
# --- end deployment security ---------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# --- Bad input, invitations and database timeouts (issue 13, "Bad input" / "Access and accounts") ---
# Control characters in a path or query string are refused with a 400 page before any view runs.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "keurmerk.middleware.ControlCharactersMiddleware",
)
# Invitations of colleagues: a link works for 14 days; an organisation sends at most
# KEURMERK_INVITATIONS_PER_HOUR (default 10) invitations an hour, counted on Django's cache (shared
# by all workers once a shared cache is configured).
INVITATION_VALID_DAYS = 14
INVITATIONS_PER_HOUR = int(os.environ.get("KEURMERK_INVITATIONS_PER_HOUR", "10"))

# Database timeouts: a database that accepts connections but never answers must not hold every
# worker until gunicorn kills it. PostgreSQL: connect_timeout (s) and statement_timeout (ms, 0 = none)
# from the environment; SQLite: the busy timeout (s) a writer waits for the lock.
DATABASES["default"] = with_timeouts(
    DATABASES["default"],
    connect_timeout=int(os.environ.get("KEURMERK_DB_CONNECT_TIMEOUT", "5")),
    statement_timeout_ms=int(os.environ.get("KEURMERK_DB_STATEMENT_TIMEOUT_MS", "30000")),
    busy_timeout=int(os.environ.get("KEURMERK_SQLITE_BUSY_TIMEOUT", "20")),
)
# `manage.py db_worker` is keurmerk.core's: it waits and retries while the database is away (it is
# listed before the task queue in INSTALLED_APPS, whose command of the same name it extends).
# Mirror uploads: at most KEURMERK_MIRROR_MAX_ROWS data rows per file (a provider's year is some
# 100,000); an XLSX is also refused when it unpacks beyond 300 MB (keurmerk.lib.tabular).
MIRROR_MAX_ROWS = int(os.environ.get("KEURMERK_MIRROR_MAX_ROWS", "300000"))
