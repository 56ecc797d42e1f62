"""Settings for Socius: one file, every value from the environment (see .env.example)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from socius.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("SOCIUS_DEBUG", default=False)
SECRET_KEY = env_str("SOCIUS_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SOCIUS_SECRET_KEY must be set when SOCIUS_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
elif not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SOCIUS_SECRET_KEY must be at least 50 characters in production.")

# Former keys, still accepted for signatures and for decrypting TOTP secrets after a rotation.
SECRET_KEY_FALLBACKS = env_list("SOCIUS_SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("SOCIUS_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("SOCIUS_CSRF_TRUSTED_ORIGINS")
# AGPL-3.0 section 13: users of the running service are offered its source code.
SOURCE_URL = env_str("SOCIUS_SOURCE_URL", "https://github.com/socius-dk/socius")
# Where people write to the organisation behind the platform (footer, "Om Socius").
CONTACT_EMAIL = env_str("SOCIUS_CONTACT_EMAIL", "kontakt@socius.example")

INSTALLED_APPS = [
    "socius.accounts",
    "socius.core",
    "socius.grants",
    "socius.advice",
    "socius.search",
    "socius.whistleblowing",
    "socius.proposals",
    "socius.deliberation",
    "socius.knowledge",
    "socius.atlas",
    "socius.atlas.datasets",
    "socius.atlas.housing",
    "socius.events",
    "socius.events.checkin",
    "socius.events.live",
    "socius.events.followup",
    "socius.support",
    "socius.support.payments",
    "socius.support.tax",
    "socius.support.treasury",
    "socius.procurement",
    "socius.procurement.rules",
    "socius.procurement.clauses",
    "socius.procurement.ocds",
    "socius.procurement.enterprises",
    "socius.plans",
    "socius.plans.outcomes",
    "socius.school",
    "socius.council",
    "socius.programme",
    "wagtail.users",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.snippets",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "socius.core.middleware.PermissionsPolicyMiddleware",
    # Before anything that reads or logs requests: strips reporters' addresses.
    "socius.whistleblowing.middleware.ReporterPrivacyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "socius.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "socius.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "socius.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's CSRF check; reporter pages get their own short-lived, path-scoped cookie.
    "socius.whistleblowing.csrf.ReporterCsrfViewMiddleware",
    "socius.accounts.middleware.AuthenticationMiddleware",
    "socius.core.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "socius.accounts.middleware.StaffMFAMiddleware",
    "socius.knowledge.middleware.CmsGuardMiddleware",
]

# Overridable only so benchmarks can add a bare baseline view beside the real ones.
ROOT_URLCONF = env_str("SOCIUS_ROOT_URLCONF", "socius.urls")
WSGI_APPLICATION = "socius.wsgi.application"
ASGI_APPLICATION = "socius.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "socius" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "socius.core.context_processors.site",
            ],
            "builtins": ["django.templatetags.i18n", "django.templatetags.static"],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL (production).
# (A lowercase name: settings in upper case appear, unmasked, in error reports.)
_database_url = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'socius.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        _database_url, conn_max_age=env_int("SOCIUS_DB_CONN_MAX_AGE", 60, minimum=0)
    )
}
del _database_url
# Hot statements (a signature) are prepared on PostgreSQL (socius/core/db.py); 0 behind a
# connection pooler that cannot keep prepared statements (docs/operations.md).
DB_PREPARED_STATEMENTS = env_bool("SOCIUS_DB_PREPARED_STATEMENTS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so two writers never read the
    # same audit-chain head; WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too, not Django's in-memory default: an in-memory database is one
    # connection, which the browser tests' threaded live server would share between
    # concurrent requests (interleaved transactions, random 500s). One file per test process;
    # pytest puts it in each worker's own temporary folder and removes it (conftest.py).
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"socius-test-{os.getpid()}.sqlite3")
    }
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # Wagtail's database search backend uses PostgreSQL's search vectors and GIN indexes there.
    INSTALLED_APPS.append("django.contrib.postgres")
# While the database cannot be reached, requests get 503 with this Retry-After, in seconds
# (socius/core/unavailable.py).
UNAVAILABLE_RETRY_AFTER = env_int("SOCIUS_UNAVAILABLE_RETRY_AFTER", 30, minimum=1)
# The folder with pg_dump and pg_restore for `manage.py backup` and `restore`; empty: PATH, then
# the newest /usr/lib/postgresql/*/bin (socius/core/backup.py).
PG_BIN_DIR = env_str("SOCIUS_PG_BIN")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# What lives in which cache: docs/operations.md, "The caches". SOCIUS_CACHE_URL
# (redis://... or rediss://...) puts all three in Redis or Valkey, shared by every process;
# without it the default cache is the database and the other two live in each process's memory.
CACHE_URL = env_str("SOCIUS_CACHE_URL")
CACHES: dict[str, dict[str, object]]
if CACHE_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "pages", "reporter")
    }
else:
    CACHES = {
        "default": {
            "BACKEND": env_str(
                "SOCIUS_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"
            ),
            "LOCATION": env_str("SOCIUS_CACHE_LOCATION", "socius_cache"),
            # Room for the rate-limit counters: a small cache could be flooded until the
            # counters of an account under attack are culled.
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        },
        # Rendered public pages for anonymous visitors, per process (socius/core/cache.py).
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
        # The whistleblower scheme's counters and used proof-of-work tokens: never the
        # database (socius/whistleblowing/abuse.py). Room enough that a flood cannot cull them.
        "reporter": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "reporter",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
    }

TASKS = {
    "default": {
        "BACKEND": env_str("SOCIUS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A task worker silent for this many seconds is lost: another worker puts its task back in the
# queue, and a task whose worker was lost on each of TASK_MAX_ATTEMPTS runs is marked failed
# (socius/core/workers.py).
TASK_WORKER_LOST_AFTER = env_int("SOCIUS_TASK_WORKER_LOST_AFTER", 60, minimum=3)
TASK_MAX_ATTEMPTS = env_int("SOCIUS_TASK_MAX_ATTEMPTS", 3, minimum=1)

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, reading the person with their roles and unread count in one
# query (socius/accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "socius.accounts.backends.ModelBackend",
    "socius.accounts.backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:overview"
ACCOUNT_ADAPTER = "socius.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Name and (optional) roles and party; saved by accounts.services.account_onboard.
ACCOUNT_SIGNUP_FORM_CLASS = "socius.accounts.forms.SignupForm"
ACCOUNT_FORMS = {
    "signup": "socius.accounts.forms_allauth.SociusSignupForm",
    "login": "socius.accounts.forms_allauth.SociusLoginForm",
    "reset_password": "socius.accounts.forms_allauth.SociusResetPasswordForm",
    "add_email": "socius.accounts.forms_allauth.SociusAddEmailForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Socius] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_ADAPTER = "socius.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Behind N reverse proxies, the client's address is the Nth from the right in
# X-Forwarded-For; without this every visitor would share the proxy's address and its
# login rate limit.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("SOCIUS_TRUSTED_PROXY_COUNT", 0, minimum=0)
MFA_TOTP_ISSUER = "Socius"
MFA_RECOVERY_CODE_COUNT = 10

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [
    Path(env_str("SOCIUS_LOCALE_DIR") or str(BASE_DIR / "locale")),
    # Danish for the Wagtail admin's texts that Wagtail's own catalogue leaves in English.
    BASE_DIR / "wagtail_locale",
]
# One date format per language everywhere (socius/formats/): "2. december 2026", "2 December 2026".
FORMAT_MODULE_PATH = ["socius.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files and uploads -----------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "socius" / "static"]
STATIC_ROOT = Path(env_str("SOCIUS_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("SOCIUS_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    # Django's file storage, but a failed write (a full disk) leaves no partial file.
    "default": {"BACKEND": "socius.core.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("SOCIUS_PLAIN_STATIC", default=False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Request size: RequestSizeLimitMiddleware refuses any body larger than SOCIUS_MAX_UPLOAD_MB
# (files included) before Django reads it; DATA_UPLOAD_MAX_MEMORY_SIZE bounds the non-file
# part; modules that accept files check each file with core.validators.validate_upload_size.
MAX_UPLOAD_MB = env_int("SOCIUS_MAX_UPLOAD_MB", 10, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# --- Mail -------------------------------------------------------------------------------------
_EMAIL_BACKEND = env_str("SOCIUS_EMAIL_BACKEND", "console" if DEBUG else "smtp")
if _EMAIL_BACKEND not in {"smtp", "console"}:
    raise ImproperlyConfigured("SOCIUS_EMAIL_BACKEND must be smtp or console.")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("SOCIUS_EMAIL_HOST", "localhost"),
                "port": env_int("SOCIUS_EMAIL_PORT", 25, minimum=1),
                "username": env_str("SOCIUS_EMAIL_HOST_USER"),
                "password": env_str("SOCIUS_EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("SOCIUS_EMAIL_USE_TLS", default=False),
                "timeout": 20,
            },
        }
        if _EMAIL_BACKEND == "smtp"
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = env_str("SOCIUS_DEFAULT_FROM_EMAIL", "Socius <noreply@socius.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# The Wagtail admin at /cms/ gets its own, wider policy (socius/knowledge/middleware.py,
# docs/knowledge.md); every public page keeps the strict one above.
CMS_CSP = {
    **SECURE_CSP,
    # Wagtail 8.0.1 renders the set-up of date widgets, inline panels and choosers as inline
    # <script>s without a nonce (a nonce in the policy would disable 'unsafe-inline').
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    # Wagtail's admin sets style attributes from its templates and scripts.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    # The page preview is an iframe of the admin itself.
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# Sessions in the database, read with one plain SELECT (socius/accounts/sessions.py).
SESSION_ENGINE = "socius.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SOCIUS_SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the health check over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SOCIUS_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SOCIUS_HSTS_PRELOAD", default=False)
    # Django's W003 looks for its own CSRF middleware by name; ours is a subclass, checked by
    # whistleblowing.E001 and W003 instead (socius/whistleblowing/checks.py).
    SILENCED_SYSTEM_CHECKS = ["security.W003"]
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds the whole domain and its subdomains to HTTPS for years: the
        # operator opts in (docs/operations.md), so its absence is not a deployment error.
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("SOCIUS_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Operations -------------------------------------------------------------------------------
# Django's own "django" logger would keep its default mail_admins handler, without the
# reporter privacy filter; it is replaced by one with it. Error reports (mail and debug page)
# go through the scheme's reporter and filter, which hide POST values, cookies, local
# variables and exception messages on /whistleblower/ (socius/whistleblowing/errors.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "reporter_privacy": {"()": "socius.whistleblowing.logging.ReporterPrivacyFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        # A 503 for a lost database connection: one warning line, no traceback, no mail.
        "database_unavailable": {"()": "socius.core.unavailable.DatabaseUnavailableFilter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["reporter_privacy"]},
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "reporter_privacy"],
            "include_html": False,
        },
    },
    "root": {"handlers": ["console"], "level": env_str("SOCIUS_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.request": {"level": "ERROR", "filters": ["database_unavailable"]},
        # fpdf2 subsets the embedded fonts of every PDF with fontTools, which logs each glyph
        # list at INFO: dozens of lines per document, nothing anyone acts on.
        "fontTools": {"level": "WARNING"},
    },
}
ADMINS = env_list("SOCIUS_ADMINS")
DEFAULT_EXCEPTION_REPORTER = "socius.whistleblowing.errors.SchemeExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "socius.whistleblowing.errors.SchemeExceptionReporterFilter"

# The shared data folder holds public data sets (geography) loaded by migrations and commands.
SOCIUS_DATA_DIR = BASE_DIR / "socius" / "core" / "data"
NINJA_PAGINATION_MAX_LIMIT = 100
FORM_RENDERER = "socius.core.forms_renderer.SociusFormRenderer"
# Community advice: the first answer is due this many Danish working days after a request.
ADVICE_RESPONSE_WORKING_DAYS = env_int("SOCIUS_ADVICE_RESPONSE_WORKING_DAYS", 3, minimum=1)

# --- Events (docs/events.md) --------------------------------------------------------------------
# The master secret of the check-in tickets' signing keys (socius/events/checkin/tickets.py).
# Empty: derived from SECRET_KEY, so rotating SECRET_KEY also renews every ticket.
EVENTS_TICKET_KEY = env_str("SOCIUS_EVENTS_TICKET_KEY")

# --- Support and payments (docs/support.md) -------------------------------------------------------
# Payment providers offered to payers, in this order. "dev" is the loopback development provider
# (python manage.py payments_devserver; `make run` starts it): never in production.
SUPPORT_PROVIDERS = env_list("SOCIUS_SUPPORT_PROVIDERS", ["dev", "bank"] if DEBUG else ["bank"])
SUPPORT_DEV_PROVIDER_URL = env_str("SOCIUS_SUPPORT_DEV_PROVIDER_URL", "http://127.0.0.1:9100")
SUPPORT_DEV_PROVIDER_SECRET = env_str("SOCIUS_SUPPORT_DEV_PROVIDER_SECRET", "dev-webhook-secret")
SUPPORT_STRIPE_SECRET_KEY = env_str("SOCIUS_SUPPORT_STRIPE_SECRET_KEY")
SUPPORT_STRIPE_WEBHOOK_SECRET = env_str("SOCIUS_SUPPORT_STRIPE_WEBHOOK_SECRET")
SUPPORT_VIPPS_BASE_URL = env_str("SOCIUS_SUPPORT_VIPPS_BASE_URL", "https://apitest.vipps.no")
SUPPORT_VIPPS_CLIENT_ID = env_str("SOCIUS_SUPPORT_VIPPS_CLIENT_ID")
SUPPORT_VIPPS_CLIENT_SECRET = env_str("SOCIUS_SUPPORT_VIPPS_CLIENT_SECRET")
SUPPORT_VIPPS_SUBSCRIPTION_KEY = env_str("SOCIUS_SUPPORT_VIPPS_SUBSCRIPTION_KEY")
SUPPORT_VIPPS_MSN = env_str("SOCIUS_SUPPORT_VIPPS_MSN")
SUPPORT_VIPPS_WEBHOOK_SECRET = env_str("SOCIUS_SUPPORT_VIPPS_WEBHOOK_SECRET")
# The bank account transfers go to (shown on the payment instructions), e.g. "1234 5678901234".
SUPPORT_BANK_ACCOUNT = env_str("SOCIUS_SUPPORT_BANK_ACCOUNT", "5301 0000123456")
# Skattestyrelsen's approval of the think tank under ligningsloven § 8 A (its SE/CVR number):
# without it no gift is reported as deductible.
SUPPORT_TAX_CVR = env_str("SOCIUS_SUPPORT_TAX_CVR")

# --- Min plan (docs/plans.md) ---------------------------------------------------------------------
# The privacy budget (epsilon) a municipality may spend per year on released outcome statistics
# of people's plans; each release spends its own epsilon, and a release that would go over is
# refused. Lower is more private and noisier.
PLANS_PRIVACY_BUDGET_PER_YEAR = env_float(
    "SOCIUS_PLANS_PRIVACY_BUDGET_PER_YEAR", 2.0, minimum=0.1, maximum=10.0
)

# --- Procurement (docs/procurement.md) -------------------------------------------------------------
# The OCDS prefix that makes contracting-process ids (ocids) globally unique: register one with
# the Open Contracting Partnership for production ("ocds-" and six characters). The default marks
# data as coming from a development installation.
PROCUREMENT_OCID_PREFIX = env_str("SOCIUS_PROCUREMENT_OCID_PREFIX", "ocds-socdev")
# The licence of the published contract data (the package's "license"): open data, with credit.
PROCUREMENT_OCDS_LICENSE = env_str(
    "SOCIUS_PROCUREMENT_OCDS_LICENSE", "https://creativecommons.org/licenses/by/4.0/"
)

# --- Whistleblowing (docs/whistleblowing.md, section 3) ---------------------------------------
WHISTLEBLOWING_TOR_ONLY = env_bool("SOCIUS_WHISTLEBLOWING_TOR_ONLY", default=False)
WHISTLEBLOWING_ONION_HEADER = env_str("SOCIUS_WHISTLEBLOWING_ONION_HEADER", "X-Socius-Onion")
WHISTLEBLOWING_RECEIPT_SALT = env_str("SOCIUS_WHISTLEBLOWING_RECEIPT_SALT")
WHISTLEBLOWING_POW_BITS = env_int("SOCIUS_WHISTLEBLOWING_POW_BITS", 16, minimum=0)
WHISTLEBLOWING_NOJS_WAIT = env_int("SOCIUS_WHISTLEBLOWING_NOJS_WAIT", 60, minimum=0)
WHISTLEBLOWING_REPORTS_PER_HOUR = env_int("SOCIUS_WHISTLEBLOWING_REPORTS_PER_HOUR", 20, minimum=1)
WHISTLEBLOWING_REPORTS_PER_SOURCE = env_int(
    "SOCIUS_WHISTLEBLOWING_REPORTS_PER_SOURCE", 5, minimum=1
)
WHISTLEBLOWING_MAX_FILES = env_int("SOCIUS_WHISTLEBLOWING_MAX_FILES", 30, minimum=0)
WHISTLEBLOWING_MAX_FILE_MB = env_int("SOCIUS_WHISTLEBLOWING_MAX_FILE_MB", 10, minimum=1)
WHISTLEBLOWING_ESCROW_PUBLIC_KEY = env_str("SOCIUS_WHISTLEBLOWING_ESCROW_PUBLIC_KEY")
# Argon2 parameters: (time cost, memory in KiB) for the receipt hash (argon2-cffi);
# (opslimit, memlimit in bytes) for the reporter's access key and handlers' passphrases (PyNaCl).
WHISTLEBLOWING_KDF = {
    "receipt": (2, 48 * 1024),
    "access": (2, 32 * 1024 * 1024),
    "handler": (3, 64 * 1024 * 1024),
}

# --- Citizen proposals (borgerforslag) ------------------------------------------------------
# Signers prove who they are through an OpenID Connect provider (MitID via a broker).
PROPOSALS_OIDC_ISSUER = env_str("SOCIUS_PROPOSALS_OIDC_ISSUER")
PROPOSALS_OIDC_CLIENT_ID = env_str("SOCIUS_PROPOSALS_OIDC_CLIENT_ID")
PROPOSALS_OIDC_CLIENT_SECRET = env_str("SOCIUS_PROPOSALS_OIDC_CLIENT_SECRET")
PROPOSALS_OIDC_SCOPES = env_str("SOCIUS_PROPOSALS_OIDC_SCOPES", "openid profile municipality")
PROPOSALS_OIDC_CLAIM_SUBJECT = env_str("SOCIUS_PROPOSALS_OIDC_CLAIM_SUBJECT", "sub")
PROPOSALS_OIDC_CLAIM_NAME = env_str("SOCIUS_PROPOSALS_OIDC_CLAIM_NAME", "name")
PROPOSALS_OIDC_CLAIM_BIRTHDATE = env_str("SOCIUS_PROPOSALS_OIDC_CLAIM_BIRTHDATE", "birthdate")
PROPOSALS_OIDC_CLAIM_MUNICIPALITY = env_str(
    "SOCIUS_PROPOSALS_OIDC_CLAIM_MUNICIPALITY", "municipality_code"
)
PROPOSALS_OIDC_CLAIM_CPR = env_str("SOCIUS_PROPOSALS_OIDC_CLAIM_CPR", "cpr")
# The scope that makes the broker release the CPR number.
PROPOSALS_OIDC_CPR_SCOPE = env_str("SOCIUS_PROPOSALS_OIDC_CPR_SCOPE", "cpr")
# Paper forms carry the signer's CPR number. Then every channel counts people by their CPR
# number, and online signing refuses a sign-in without it (check --deploy: proposals.E002).
PROPOSALS_PAPER_CPR = env_bool("SOCIUS_PROPOSALS_PAPER_CPR", default=False)
# The key of the signers' identity hashes. Set it once and never rotate it (docs/proposals.md).
PROPOSALS_IDENTITY_KEY = env_str("SOCIUS_PROPOSALS_IDENTITY_KEY")

# --- Wagtail (knowledge hub; docs/knowledge.md) -----------------------------------------------
WAGTAIL_SITE_NAME = "Socius"
WAGTAILADMIN_BASE_URL = env_str("SOCIUS_BASE_URL", "http://localhost:8000")
# The site's public address, for links in e-mails (no trailing slash).
SITE_URL = WAGTAILADMIN_BASE_URL.rstrip("/")
# The admin logs in through allauth (password + TOTP); Wagtail's own login form is not used.
WAGTAILADMIN_LOGIN_URL = "/konto/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/konto/login/"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILDOCS_EXTENSIONS = ["pdf"]
WAGTAIL_FINISH_WORKFLOW_ACTION = "socius.knowledge.workflows.publish_approved"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("da", "Dansk"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Draftail with an accessible name for its editing area (socius/knowledge/widgets.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "socius.knowledge.widgets.LabelledDraftailRichTextArea"}
}
# No Gravatar: it would send a hash of each editor's e-mail address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
