"""Settings for the HCA Portal, read from the environment.

Embedded default: SQLite and eager Celery tasks, so the portal runs on a bare
machine. DATABASE_URL switches the database (PostgreSQL in production) and
REDIS_URL switches Celery to a Redis broker with real workers. Production adds
the hardening in hca_portal/settings_production.py.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_filters",
    "simple_history",
    "django_fsm",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "hca_portal",
    "eligibility",
    "notices",
    "appeals",
    "workspaces",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hca_portal.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "notices.middleware.NoticeQueueMiddleware",
    "hca_portal.auth.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hca_portal.urls"

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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "hca_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction begins (as PostgreSQL's row locks would
    # serialize it) and wait for it, so concurrent decisions queue instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
    # Tests use a file (one per test process), not shared-cache memory, so concurrent
    # connections wait for locks as they do here, and parallel runs never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"hca-portal-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # One test database per test process (parallel runs on one server never collide).
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Every form renders through one USWDS field template (hca_portal/forms.py).
FORM_RENDERER = "hca_portal.forms.UswdsRenderer"

# Signing in (issue 11 item 2; hca_portal/auth). Passwords: 12 characters or more, not a common
# one, not like the username and not all digits (Django's validators; "Summer2026" is refused).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every password sign-in (the site's and the admin's) before Django's own
# backend does (one backend, so User.objects.with_perm() keeps working).
AUTHENTICATION_BACKENDS = ["hca_portal.auth.backends.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins (wrong passwords and wrong second-factor codes) are counted per account and
# per address; LOGIN_FAILURE_LIMIT of them lock that account or address for LOGIN_LOCKOUT_MINUTES.
# Each failure is a row (AccessAttempt, AccessFailureLog) that administrators see and reset.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False  # hca_portal.auth resets only once both factors are through
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "hca_portal.auth.views.locked_out"
# Staff (hca_portal.auth.rules.needs_second_factor) sign in with a TOTP code or a recovery code
# too, and are signed out after STAFF_IDLE_TIMEOUT_MINUTES without a request.
STAFF_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("STAFF_IDLE_TIMEOUT_MINUTES", "30")))
OTP_TOTP_ISSUER = "HCA Portal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows anyone's secret or QR code
# API tokens (hca_portal.models.ApiToken, stored hashed) expire after API_TOKEN_LIFETIME_DAYS.
API_TOKEN_LIFETIME = timedelta(days=int(os.environ.get("API_TOKEN_LIFETIME_DAYS", "30")))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# All legal dates are in New Mexico's time (NMSA 12-2A-7 counts calendar days there).
TIME_ZONE = "America/Denver"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# USWDS and htmx come from npm (`make` installs them; node_modules is never committed).
_NPM_STATIC = [
    ("uswds", BASE_DIR / "node_modules" / "@uswds" / "uswds" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STATICFILES_DIRS = [BASE_DIR / "static"] + [(prefix, path) for prefix, path in _NPM_STATIC if path.exists()]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Evidence uploads: at most 10 MB, opened with their parser in eligibility.rules. The first
# upload handler stops storing a file past that size (hca_portal.uploads), so an oversized upload
# is refused without being read whole. Files above 2 MB go to a temporary file, not memory.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "hca_portal.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A request's body other than uploaded files (form fields, an API's JSON body): 1 MB at most.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Content-Security-Policy (django-csp): scripts and styles only from our own static files (no
# inline script, no inline style, no eval); a page that needs an inline bootstrap uses the
# per-request nonce ({{ CSP_NONCE }}). USWDS shows file previews as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hca_portal.auth.api.ApiTokenAuthentication",
        "hca_portal.auth.api.VerifiedSessionAuthentication",
    ],
    # Rates per client address (anonymous), per user, and of failed token authentications per
    # address (hca_portal.auth.api); beyond them the API answers 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
        "failed_authentication": os.environ.get("API_THROTTLE_FAILED_AUTH", "10/minute"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "hca_portal.api.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "hca_portal.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "hca_portal.api_schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "HCA Portal API",
    "DESCRIPTION": "Intake, status, notices and appeals for the DACA coverage program (8.401.2.12 NMAC).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and Swagger UI are for signed-in users (session or token), and Swagger UI is
    # served from drf-spectacular-sidecar's static files, never a CDN.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStateEnum": "eligibility.models.ApplicationState",
        "ApplicationChannelEnum": "eligibility.models.Channel",
        "EnrollmentStateEnum": "eligibility.models.EnrollmentState",
        "AppealStateEnum": "appeals.models.State",
        "AppealChannelEnum": "appeals.models.AppealChannel",
        "EndReasonEnum": "eligibility.models.EndReason",
        "ReinstateReasonEnum": "eligibility.models.ReinstateReason",
        "ReplyChannelEnum": "eligibility.models.ReplyChannel",
    },
}

# Reminders to assignees. Development prints mail to the console; production sets SMTP.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@hca-portal.invalid")

# Celery: eager in-process unless REDIS_URL names a broker.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
# A broker that is down or does not answer fails a publish within seconds instead of hanging the
# request; notices that could not be queued are marked and sent when it is back (notices.services).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 3}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Each app sweeps its own timers: eligibility's (requests for information) just before appeals'.
CELERY_BEAT_SCHEDULE = {
    "eligibility-daily-sweep": {
        "task": "eligibility.tasks.daily_sweep",
        "schedule": crontab(hour=1, minute=0),
    },
    "daily-deadline-sweep": {
        "task": "appeals.tasks.daily_sweep",
        "schedule": crontab(hour=1, minute=5),
    },
    "daily-mail-batch": {
        "task": "notices.tasks.build_mail_batch",
        "schedule": crontab(hour=16, minute=30),
    },
    "queue-unqueued-notices": {
        "task": "notices.tasks.queue_unqueued_notices",
        "schedule": 60.0,
    },
    "resume-stalled-renewals": {
        "task": "eligibility.tasks.resume_stalled_renewals",
        "schedule": crontab(minute="*/5"),
    },
    "requeue-pending-notices": {
        "task": "notices.tasks.requeue_stuck_notices",
        "schedule": crontab(minute="*/10"),
    },
    "lapse-unanswered-offers": {
        "task": "eligibility.tasks.lapse_unanswered_offers",
        "schedule": crontab(hour=1, minute=20),
    },
}

# The cache holds the API's throttle counters: Redis, shared by every web process, when
# REDIS_URL is set; otherwise this process's memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "hca",
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Personal data never reaches logs: log lines carry ids, not names, income or status.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
