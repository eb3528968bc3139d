"""Settings for the readiness assessor: one file, environment only.

Every setting has a default that runs on a laptop (SQLite, console email,
in-process tasks); production sets the environment variables documented in
README.md. A secret can also be read from a file named by `<NAME>_FILE`
(docker secrets).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str) -> str:
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    # An empty variable counts as unset, as compose files often pass "".
    return os.getenv(name) or default


def envbool(name: str, default: bool) -> bool:
    value = os.getenv(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    value = os.getenv(name)
    return int(value) if value else default


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)
SECRET_KEY = envstr("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A published fallback key would let anyone forge sessions and
        # password-reset links.
        raise ImproperlyConfigured("Set SECRET_KEY (or SECRET_KEY_FILE) when DEBUG is off.")
    # Only so a laptop runs without configuration; check --deploy rejects it.
    SECRET_KEY = "django-insecure-local-development-only-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = envstr("SITE_NAME", "Readiness Assessor")
# Where people reach this installation: links in emails sent outside a request.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_prometheus",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "accounts.audit",
    "assessor",
    "assessor.workshops",
    "assessor.plans",
    "assessor.branding",
    "reports",
]

MIDDLEWARE = [
    # First and (nearly) last, as django-prometheus requires: they time the
    # whole request for /metrics.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "assessor.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before the NUL guard, so its 404s carry the policy too.
    "csp.middleware.CSPMiddleware",
    # Before anything that reads the URL or the cookies: a NUL is a 404 or dropped.
    "assessor.nul_guard.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions (it reads the language chosen with the switcher), before
    # anything that renders text.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in person's own language, over LocaleMiddleware's cookie or browser choice.
    "accounts.language.UserLanguageMiddleware",
    "accounts.middleware.PrivatePagesMiddleware",
    # After authentication: an organization that requires two-factor is
    # reached only by a session that passed it (accounts/mfa.py).
    "accounts.middleware.TwoFactorRequiredMiddleware",
    # Lets the audit log see the client address of the request it is written in.
    "accounts.audit.recording.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "assessor.urls"
WSGI_APPLICATION = "assessor.wsgi.application"

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
                "accounts.context_processors.site",
                "assessor.branding.context_processors.brand",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the in-process worker thread and the web
    # requests write to the same file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Answers only the single sign-on callback, and only when SSO_ISSUER is set.
    "accounts.sso.SingleSignOnBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock an account+address pair out after repeated failures; a successful
# login resets the counter.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Counts per account, whatever the spelling of its address (accounts/network.py).
AXES_USERNAME_CALLABLE = "accounts.network.lockout_username"
# How many reverse proxies in front append to X-Forwarded-For (see
# accounts/network.py); 0 trusts REMOTE_ADDR alone.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_ip"
AXES_WHITELIST_CALLABLE = "accounts.network.lockout_exempt"
AXES_VERBOSE = False  # lockouts are still logged; this drops the start-up banner

INVITATION_DAYS = envint("INVITATION_DAYS", 7)

# Brand logos (assessor/branding/logos.py): the largest upload, and the
# largest width or height of a PNG/JPEG, read before its pixels are decoded.
BRAND_LOGO_MAX_KB = envint("BRAND_LOGO_MAX_KB", 1024)
BRAND_LOGO_MAX_SIDE = envint("BRAND_LOGO_MAX_SIDE", 4000)

# Single sign-on with OpenID Connect (accounts/sso.py, mozilla-django-oidc).
# On when SSO_ISSUER and SSO_CLIENT_ID are set; the provider's endpoints and
# keys come from its discovery document ({SSO_ISSUER}/.well-known/openid-configuration).
SSO_ISSUER = envstr("SSO_ISSUER", "").rstrip("/")
SSO_PROVIDER_NAME = envstr("SSO_PROVIDER_NAME", "single sign-on")
# Who may sign in: addresses in these domains only (empty: any the provider vouches for).
SSO_ALLOWED_DOMAINS = [d.lower().lstrip("@") for d in envlist("SSO_ALLOWED_DOMAINS", "")]
# Refuse addresses the provider does not say are verified (email_verified).
# Entra ID sends no such claim: set 0 there, with SSO_ALLOWED_DOMAINS.
SSO_REQUIRE_VERIFIED_EMAIL = envbool("SSO_REQUIRE_VERIFIED_EMAIL", True)
# Make an account at the first sign-in of an address we do not know.
SSO_CREATE_USERS = envbool("SSO_CREATE_USERS", True)
# A new account joins this organization (by slug) in this role; unset: none.
SSO_JOIN_ORGANIZATION = envstr("SSO_JOIN_ORGANIZATION", "")
SSO_JOIN_ROLE = envstr("SSO_JOIN_ROLE", "viewer")
# Off: accounts that have signed in through the provider can no longer use a password.
SSO_PASSWORD_SIGN_IN = envbool("SSO_PASSWORD_SIGN_IN", True)
# On: a provider sign-in counts as two-factor (the provider enforces its own);
# off: users with an authenticator app here enter its code after the provider.
SSO_TRUST_PROVIDER_MFA = envbool("SSO_TRUST_PROVIDER_MFA", True)
OIDC_RP_CLIENT_ID = envstr("SSO_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = envstr("SSO_CLIENT_SECRET", "")
OIDC_RP_SCOPES = envstr("SSO_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = envstr("SSO_SIGN_ALGO", "RS256")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = envint("SSO_TIMEOUT_SECONDS", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"

# Two-factor sign-in (accounts/mfa.py, django-otp): the name authenticator
# apps show beside the six digits.
OTP_TOTP_ISSUER = SITE_NAME
# After each wrong code a device waits factor x 1, 2, 4... seconds before it checks another.
OTP_TOTP_THROTTLE_FACTOR = envint("OTP_TOTP_THROTTLE_FACTOR", 1)
OTP_STATIC_THROTTLE_FACTOR = OTP_TOTP_THROTTLE_FACTOR
MFA_RECOVERY_CODES = envint("MFA_RECOVERY_CODES", 10)
# How long the code step waits after a correct password, in seconds.
MFA_CODE_STEP_SECONDS = envint("MFA_CODE_STEP_SECONDS", 300)

# Password reset links asked for, per email address and per client address
# within the window (accounts/password_reset.py): each request sends a mail.
PASSWORD_RESET_EMAIL_LIMIT = envint("PASSWORD_RESET_EMAIL_LIMIT", 3)
PASSWORD_RESET_ADDRESS_LIMIT = envint("PASSWORD_RESET_ADDRESS_LIMIT", 10)
PASSWORD_RESET_WINDOW_MINUTES = envint("PASSWORD_RESET_WINDOW_MINUTES", 60)

# Live workshops: wrong join codes allowed per address and window, against
# guessing; generous because a whole room may share one address.
WORKSHOP_JOIN_FAILURE_LIMIT = envint("WORKSHOP_JOIN_FAILURE_LIMIT", 20)
WORKSHOP_JOIN_FAILURE_MINUTES = envint("WORKSHOP_JOIN_FAILURE_MINUTES", 10)

# The default cache stays per process (nothing shared depends on it). The
# "api" cache holds the API's rate-limit counters and token last-used marks:
# with REDIS_URL it lives in Redis, so limits hold across gunicorn workers.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": envstr("REDIS_URL", ""),
            "KEY_PREFIX": "api",
            "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3},
        }
        if envstr("REDIS_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api"}
    ),
}

# Sessions: with REDIS_URL, read from Redis and written through to the
# database ("cached_db"), so a signed-in request does not read PostgreSQL for
# its session and a Redis restart signs nobody out. Without it, the database
# alone: a per-process cache would let a session signed out in one gunicorn
# worker live on in another.
if envstr("REDIS_URL", ""):
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": envstr("REDIS_URL", ""),
        "KEY_PREFIX": "sessions",
        "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3},
    }
    SESSION_ENGINE = "assessor.sessions"
    SESSION_CACHE_ALIAS = "sessions"

# REST API v1 (assessor/api/). Tokens authenticate with "Authorization:
# Bearer rapat_..."; a signed-in browser session works too (with CSRF).
API_RATE_LIMIT = envstr("API_RATE_LIMIT", "600/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "assessor.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "assessor.api.permissions.TokenScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["assessor.api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": API_RATE_LIMIT},
    "DEFAULT_PAGINATION_CLASS": "assessor.api.pagination.Pages",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "assessor.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Readiness Assessor API",
    "DESCRIPTION": (
        "Organizations, assessments, answers, results and reports of the Readiness "
        "Assessor. Authenticate with a personal access token (account menu, API tokens): "
        "`Authorization: Bearer rapat_...`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Self-hosted Swagger UI files (drf-spectacular-sidecar): no CDN, and
    # the page works under a Content-Security-Policy without 'unsafe-inline'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status": one named enum each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "assessor.models.Assessment.Status",
        "ReportStatusEnum": "reports.models.Report.Status",
        "ActionStatusEnum": "assessor.plans.models.Action.Status",
    },
}

# English is the source language; German and French are translated in
# locale/<lang>/LC_MESSAGES/django.po (compiled by scripts/compile-messages.sh).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates keep the product's "30 Nov 2026" (assessor/formats/en/formats.py).
FORMAT_MODULE_PATH = ["assessor.formats"]
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    prefix: str = "",
    addressing_style: str = "",
) -> dict:
    """A django-storages S3 entry for STORAGES. Objects stay private: nothing
    is public-read, downloads go through the app (reports/views.py)."""
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Unset values fall back to boto3's own chain (AWS_* variables,
            # instance roles).
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "location": prefix,
            # MinIO and most S3-compatible servers want bucket-in-path URLs.
            "addressing_style": addressing_style or ("path" if endpoint_url else None),
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            # A report is rewritten under its own name when a crashed render
            # is redone; never invent a second name.
            "file_overwrite": True,
            # An unreachable bucket fails a request or /readyz within seconds,
            # not after botocore's default minute.
            "client_config": Config(
                connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}
            ),
        },
    }


# Files (PDF reports): the local folder MEDIA_ROOT, or an S3-compatible bucket
# when S3_BUCKET is set, so web nodes and workers share no disk. Both stay
# reachable by name ("filesystem", "bucket") for `manage.py move_reports`.
S3_BUCKET = envstr("S3_BUCKET", "")
FILESYSTEM_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
BUCKET_STORAGE = (
    s3_storage(
        bucket=S3_BUCKET,
        endpoint_url=envstr("S3_ENDPOINT_URL", ""),
        region=envstr("S3_REGION", ""),
        access_key=envstr("S3_ACCESS_KEY_ID", ""),
        secret_key=envstr("S3_SECRET_ACCESS_KEY", ""),
        prefix=envstr("S3_PREFIX", ""),
        addressing_style=envstr("S3_ADDRESSING_STYLE", ""),
    )
    if S3_BUCKET
    else None
)
STORAGES = {
    "default": BUCKET_STORAGE or FILESYSTEM_STORAGE,
    "filesystem": FILESYSTEM_STORAGE,
    **({"bucket": BUCKET_STORAGE} if BUCKET_STORAGE else {}),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: console by default, so invitations and password resets show up in
# the terminal of `make run`.
EMAIL_HOST = envstr("EMAIL_HOST", "")
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
# Implicit TLS (port 465) instead of STARTTLS; set EMAIL_USE_TLS=0 with it.
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
# Seconds before an unresponsive mail server fails a send (and the digest retries later).
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "assessor@localhost")

# HTTPS switches. On by default when DEBUG is off, so a production
# deployment passes `check --deploy`; a TLS-terminating proxy in front
# sets SECURE_PROXY_SSL_HEADER via SECURE_PROXY_SSL=1.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
if envbool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The container healthcheck and the metrics scraper speak plain HTTP inside
# the deployment's network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4) on every response: scripts, styles,
# images and fonts come from our own origin only. No inline script or style
# anywhere (templates keep to static files and classes; a test scans them),
# so neither 'unsafe-inline' nor 'unsafe-eval' is needed; htmx is told not
# to inject its indicator styles nor to eval (see base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SILENCED_SYSTEM_CHECKS = envlist("SILENCED_SYSTEM_CHECKS", "")
# The yardstick view bench/answer_save.py measures the save against
# (assessor/bench_views.py); only the benchmarks' own server turns it on.
BENCHMARK_VIEWS = envbool("BENCHMARK_VIEWS", False)

# Celery. Without REDIS_URL tasks run in-process (the laptop default);
# with it, a worker (`make worker`) picks them up from Redis.
REDIS_URL = envstr("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
# One queue name per installation (or CI run) sharing a Redis server.
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_QUEUE", "celery")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 180)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = envint("CELERY_WORKER_MAX_MEMORY_KB", 400_000)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish must not hang a web request when Redis is down.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    # A Redis that drops packets instead of refusing them must not hang a request.
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}
# Visibility timeout longer than the hard time limit, so Redis does not
# redeliver a task that is still legitimately running.
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = CELERY_TASK_TIME_LIMIT * 4
# Our logging configuration (LOG_FORMAT, request ids) applies to workers too.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False


def every(seconds: int, task: str) -> dict:
    """A beat entry. A run that no worker picked up before the next one is
    due is dropped, so a stopped worker does not come back to a pile."""
    return {"task": task, "schedule": seconds, "options": {"expires": seconds}}


# Periodic work, sent by Celery beat (`scripts/start-beat.sh`, the `beat`
# service; `make worker` runs it inside the worker) and run by the workers.
# One entry per task: add new periodic work here.
CELERY_BEAT_SCHEDULE = {
    "recover-stuck-reports": every(
        envint("REPORT_RECOVERY_SECONDS", 30), "reports.periodic.recover_stuck_reports"
    ),
    "expire-reports": every(
        envint("REPORT_EXPIRY_SECONDS", 3600), "reports.periodic.expire_reports"
    ),
    "sweep-report-files": every(
        envint("REPORT_SWEEP_SECONDS", 6 * 3600), "reports.periodic.sweep_report_files"
    ),
    "purge-audit-events": every(
        envint("AUDIT_PURGE_SECONDS", 24 * 3600), "accounts.audit.periodic.purge_audit_events"
    ),
    # Checks often, sends each person's weekly digest once (assessor/plans/reminders.py).
    "send-weekly-digests": every(
        envint("REMINDER_CHECK_SECONDS", 3600), "assessor.plans.periodic.send_weekly_digests"
    ),
    # Stored headlines (list pages, timeline) catch up with evidence that aged.
    "refresh-aged-headlines": every(
        envint("EVIDENCE_REFRESH_SECONDS", 3 * 3600),
        "assessor.plans.periodic.refresh_aged_headlines",
    ),
}
# The weekly reminder digests go out from Monday at this hour (TIME_ZONE).
REMINDER_DIGEST_HOUR = envint("REMINDER_DIGEST_HOUR", 7)
# Report versions older than this many days are deleted, except each
# assessment's newest ready one; 0 keeps every version.
REPORT_RETENTION_DAYS = envint("REPORT_RETENTION_DAYS", 0)
# Audit log entries older than this many days are purged (accounts/audit/
# retention.py); 0 keeps them forever. Two years by default, what security
# teams commonly ask for.
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", 730)

# Operations: /metrics (Prometheus text format) answers requests from these
# addresses or networks, or that carry `Authorization: Bearer <METRICS_TOKEN>`.
METRICS_ALLOWED_IPS = envlist("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
METRICS_TOKEN = envstr("METRICS_TOKEN", "")

# LOG_FORMAT=json: one JSON object per line for a log collector; both formats
# carry the request id (assessor/logs.py), in web requests and in the tasks
# they enqueue.
LOG_FORMAT = envstr("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "assessor.logs.RequestIdFilter"},
        "forbidden_on_one_line": {"()": "assessor.log_filters.ForbiddenOnOneLine"},
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "assessor.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"filters": ["forbidden_on_one_line"]},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step at INFO: noise in the worker's log.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
