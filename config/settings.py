"""Kruispunt settings: one module, driven by the environment.

Without any variables it runs embedded: SQLite, the in-memory channel layer and background tasks
run in process. Every variable is documented in README.md; a bad value stops the start with a
message that names it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, schemes: set[str]) -> str:
    raw = os.environ.get(name, "")
    if raw == "":
        return ""
    parsed = urlparse(raw)
    if parsed.scheme not in schemes or not (parsed.hostname or parsed.path):
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name} must be a URL with scheme {allowed}; got {raw!r}")
    return raw


DEBUG = env_bool("DEBUG", default=False)
TESTING = env_bool("KRUISPUNT_TESTING", default=False)
_INSECURE_DEV_KEY = "django-insecure-kruispunt-development-only"
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (a long random string) unless DEBUG=1 for local development."
        )
    SECRET_KEY = _INSECURE_DEV_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The name e-mails and pages are branded with (the Site record: marketplace/sites.py).
SITE_NAME = env_str("SITE_NAME", "Kruispunt")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.postgres",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Before allauth, so our templates (layout, CSP-safe pages) override allauth's own.
    "frontend",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "marketplace",
    "marketplace.teams",
    "marketplace.matching",
    "marketplace.payments",
    "collab",
    "chat",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.KruispuntLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.time_zone.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.site",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------------

DATABASE_URL = env_url("DATABASE_URL", {"postgres", "postgresql", "sqlite"})
if DATABASE_URL:
    import dj_database_url

    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
            # A persistent connection that died with a database restart is replaced before
            # the next request uses it, so the app recovers without a restart.
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / env_str("SQLITE_PATH", "db.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# Under Daphne each request runs in a thread of its own (config/http_handler.py: one at a time
# per thread, threads reused); with a persistent connection per thread, 200 simultaneous users
# opened more connections than PostgreSQL allows ("too many clients", bench/load.py). A pool
# per process bounds them: a request waits up to DB_POOL_TIMEOUT seconds for a free
# connection, and a connection that died with a restarted server is checked and replaced
# before it is handed out. 0 turns the pool off (the tests).
DB_POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", 0 if TESTING else 20, minimum=0)
if IS_POSTGRES and DB_POOL_MAX_SIZE:
    # CONN_HEALTH_CHECKS (above) makes Django give the pool its connection check.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DB_POOL_MAX_SIZE,
        "timeout": env_int("DB_POOL_TIMEOUT", 10, minimum=1),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_url("REDIS_URL", {"redis", "rediss", "unix"})
# Room events cross processes through Redis publish/subscribe on channels with this prefix
# (chat/broker.py); in process without REDIS_URL.
REALTIME_PREFIX = env_str("CHANNELS_PREFIX", "kruispunt")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": REALTIME_PREFIX},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Each test process gets its own key space in the shared Redis.
            "KEY_PREFIX": env_str("CACHE_PREFIX", "kruispunt")
            + (f"-test-{os.getpid()}" if TESTING else ""),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: the database backend in production and when asked; in process otherwise.
TASKS_BACKEND = env_str(
    "TASKS_BACKEND", "database" if DATABASE_URL and not TESTING else "immediate"
)
if TASKS_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be 'database' or 'immediate'; got {TASKS_BACKEND!r}"
    )
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# --- Accounts ----------------------------------------------------------------------------------

AUTH_USER_MODEL = "marketplace.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "onboarding"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# The name too (frontend/people/signup.py): others see a person by it.
ACCOUNT_SIGNUP_FORM_CLASS = "frontend.people.signup.SignupNameForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
if ACCOUNT_EMAIL_VERIFICATION not in {"mandatory", "optional", "none"}:
    raise ImproperlyConfigured(
        "ACCOUNT_EMAIL_VERIFICATION must be mandatory, optional or none; "
        f"got {ACCOUNT_EMAIL_VERIFICATION!r}"
    )
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Abuse limits (SECURITY.md). Sign-in, sign-up and password reset pages: allauth's own limits
# (merged with its defaults). The API and the pages that create things: marketplace/ratelimits.py.
# The client address is read from X-Forwarded-For only behind this many proxies of ours.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
RATE_LIMITS = {
    # POST /api/v1/auth/token/: password guessing, per address and per account asked for.
    "token-ip": "10/min",
    "token-account": "10/hour",
    # Organisation, judge and challenge invitations sent, and invitations accepted.
    "invitation-ip": "60/hour",
    "invitation-account": "30/hour",
    # Proposals started and submitted.
    "proposal-ip": "60/hour",
    "proposal-account": "30/hour",
    # Files uploaded (proposal attachments, room files).
    "upload-ip": "120/hour",
    "upload-account": "60/hour",
}
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": env_str("LOGIN_RATE_LIMIT", "5/5m/ip,5/5m/key"),
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_SIGNUP_REDIRECT_URL = "onboarding"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Kruispunt"

# --- E-mail --------------------------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kruispunt <noreply@kruispunt.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Languages -----------------------------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English")), ("fr", _("French"))]
# locale_overrides: hand-kept nl entries for allauth's and Django's msgids (the register "u").
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"  # visitors'; a signed-in person's own: config/time_zone.py
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and uploaded files ------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / env_str("STATIC_ROOT", "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# Uploaded files live outside the web root and are served only through access-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "uploads")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MATCHING_INDEX_DIR = Path(
    env_str(
        "MATCHING_INDEX_DIR",
        # Test processes keep their indexes out of the working tree.
        f"{tempfile.gettempdir()}/kruispunt-matching-{os.getpid()}"
        if TESTING
        else str(BASE_DIR / "var" / "matching"),
    )
)

# --- API -----------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    # Token first: a request without credentials (or with a wrong token) is then told 401 with
    # "WWW-Authenticate: Token", as the schema says, and 403 stays "signed in, not yours".
    # With session first, DRF answers every unauthenticated request 403. A request with both
    # a token and a session cookie acts as the token's user.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "marketplace.rest.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "marketplace.rest.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "marketplace.api.schema.AutoSchema",
    # Only views that name a limit (`rate_limited`) are limited: marketplace/ratelimits.py.
    "DEFAULT_THROTTLE_CLASSES": [
        "marketplace.ratelimits.PerAddress",
        "marketplace.ratelimits.PerAccount",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "marketplace.rest.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kruispunt API",
    "DESCRIPTION": "Open-innovation marketplace: organisations, people, capabilities, challenges.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "marketplace.api.schema.declare_errors",
    ],
    # Several models have a "kind", "role" or "status" with different choices: name each.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "marketplace.models.organisations.OrganisationKind",
        "OrganisationRoleEnum": "marketplace.models.organisations.Role",
        "PersonKindEnum": "marketplace.models.people.PersonKind",
        "ChallengeStatusEnum": "marketplace.models.challenges.Status",
        "ProposalKindEnum": "marketplace.models.proposals.ProposalKind",
        "ProposalStatusEnum": "marketplace.models.proposals.ProposalStatus",
        "CriterionKindEnum": "marketplace.models.judging.CriterionKind",
        "NotificationKindEnum": "marketplace.models.notifications.NotificationKind",
        "AwardPaymentStateEnum": "marketplace.models.awards.PaymentState",
        "RoomRoleEnum": "collab.models.rooms.MemberRole",
        "RoomSourceKindEnum": "collab.models.rooms.SourceKind",
        "WorkStatusEnum": "collab.models.milestones.WorkStatus",
        "SolveStateEnum": "marketplace.teams.models.SolveState",
        "FundingStateEnum": "marketplace.payments.models.FundingState",
        "PaymentStateEnum": "marketplace.payments.models.PaymentState",
        "AccountStateEnum": "marketplace.payments.models.AccountState",
        "TransferStateEnum": "marketplace.payments.models.TransferState",
        "RefundStateEnum": "marketplace.payments.models.RefundState",
        "AssignmentKindEnum": "marketplace.payments.models.AssignmentKind",
        "AssignmentStateEnum": "marketplace.payments.models.AssignmentState",
    },
}

# --- Security ------------------------------------------------------------------------------------

SECURE_HTTPS = env_bool("SECURE_HTTPS", default=not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", default=False) else None
)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'", "ws:", "wss:"] if DEBUG or TESTING else ["'self'", "wss:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Payments (Stripe) --------------------------------------------------------------------------

STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
# Tests point the SDK at a local fake Stripe server; production leaves it empty.
STRIPE_API_BASE = env_url("STRIPE_API_BASE", {"http", "https"})
STRIPE_API_VERSION = "2026-10-28.endive"  # pinned (stripe 16.1): bump deliberately, with tests
# How long one request to Stripe may take before it counts as failed (the SDK's default is
# 80 s, with two retries: a hanging Stripe would hold an award's row lock for four minutes).
STRIPE_TIMEOUT_SECONDS = env_int("STRIPE_TIMEOUT_SECONDS", 20, minimum=1)
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env_int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300, minimum=1)
PLATFORM_FEE_PERCENT = env_int("PLATFORM_FEE_BASIS_POINTS", 500, minimum=0) / 100
PLATFORM_FEE_FIXED_CENTS = env_int("PLATFORM_FEE_FIXED_CENTS", 2500, minimum=0)
FUNDS_MAX_HOLD_DAYS = env_int("FUNDS_MAX_HOLD_DAYS", 180, minimum=1)

# --- Limits --------------------------------------------------------------------------------------

WEBSOCKET_MAX_MESSAGE_BYTES = env_int("WEBSOCKET_MAX_MESSAGE_BYTES", 64 * 1024, minimum=1024)
# What the server may hold for one socket whose client does not read; beyond, the socket is
# closed (4507) and its client reconnects and syncs.
WEBSOCKET_MAX_BUFFER_BYTES = env_int("WEBSOCKET_MAX_BUFFER_BYTES", 4 * 1024 * 1024, minimum=65536)
INVITATION_DAYS = env_int("INVITATION_DAYS", 14, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
