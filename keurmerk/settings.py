"""Settings for the Keurmerk platform.

Every setting that differs between a laptop and production comes from an environment variable
with a development default. SQLite is the default database; set DATABASE_URL for PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url

from keurmerk.audit.keys import load_audit_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "development-only-not-secret"  # noqa: S105 - used only with DEBUG on

ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

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
    "django_tasks_db",
    "keurmerk.core",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "keurmerk.middleware.DutchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "keurmerk.accounts.access.AccessMiddleware",
]

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
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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

# Background work: a database-backed queue (no extra server); `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

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

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
