"""Django settings for PCMT, read from the environment (see docs/architecture.md)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from pcmt.env import dev_secrets, env_bool, env_int, env_list, env_str, require_production_secret

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PCMT_VAR_DIR", str(BASE_DIR / "var")))

# development (default), production or test
PCMT_ENV = env_str("PCMT_ENV", "development")
if PCMT_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("PCMT_ENV must be development, production or test")
PRODUCTION = PCMT_ENV == "production"

if PRODUCTION:
    SECRET_KEY = require_production_secret("DJANGO_SECRET_KEY", env_str("DJANGO_SECRET_KEY", ""))
    FIELD_ENCRYPTION_KEY = require_production_secret(
        "PCMT_FIELD_ENCRYPTION_KEY", env_str("PCMT_FIELD_ENCRYPTION_KEY", ""), 44
    )
    LOOKUP_HASH_KEY = require_production_secret(
        "PCMT_LOOKUP_HASH_KEY", env_str("PCMT_LOOKUP_HASH_KEY", "")
    )
    if not env_str("DATABASE_URL", ""):
        raise ImproperlyConfigured("DATABASE_URL is required in production")
else:
    _dev = dev_secrets(VAR_DIR / "dev-secrets.json")
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", _dev["SECRET_KEY"])
    FIELD_ENCRYPTION_KEY = env_str("PCMT_FIELD_ENCRYPTION_KEY", _dev["FIELD_ENCRYPTION_KEY"])
    LOOKUP_HASH_KEY = env_str("PCMT_LOOKUP_HASH_KEY", _dev["LOOKUP_HASH_KEY"])
# Keys the event log's hash chain; unset, it is derived from SECRET_KEY (the deploy check warns).
PCMT_AUDIT_KEY = env_str("PCMT_AUDIT_KEY", "")

DEBUG = env_bool("DJANGO_DEBUG", PCMT_ENV == "development")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required in production")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

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
    "django_htmx",
    "axes",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pcmt.core",
    "pcmt.summaries",
    "pcmt.audit",
    "pcmt.geo",
    "pcmt.accounts",
    "pcmt.population",
    "pcmt.persons",
    "pcmt.demo",
    "pcmt.rules",
    "pcmt.lifecycle",
    "pcmt.casework",
    "pcmt.rehab",
    "pcmt.residence",
    "pcmt.support",
    "pcmt.documents",
    "pcmt.notifications",
    "pcmt.linkage",
    "pcmt.census",
    "pcmt.jobs",
    "pcmt.reconcile",
    "pcmt.places",
    "pcmt.outreach",
    "pcmt.plans",
    "pcmt.reports",
    "pcmt.maps",
    "pcmt.security",
    "pcmt.home",
]
if env_str("DATABASE_URL", "").startswith(("postgres", "postgis")):
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    # The client address comes from X-Forwarded-For only when a configured proxy sent it.
    "pcmt.security.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files answered before sessions and the database are touched (docs/deployment.md).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "pcmt.security.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pcmt.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pcmt.security.middleware.SessionLifetimeMiddleware",
    "pcmt.security.middleware.SecondFactorMiddleware",
    "pcmt.audit.origin.RequestOriginMiddleware",
    # One access row for every answer that carried personal data.
    "pcmt.audit.reads.ReadAuditMiddleware",
    "pcmt.accounts.scope.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pcmt.urls"

# Background jobs are queued in the database and run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str("PCMT_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
WSGI_APPLICATION = "pcmt.wsgi.application"

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
                "pcmt.notifications.context_processors.unread_notifications",
                "pcmt.menu.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pcmt.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent writers on the embedded database: readers never wait for a writer (WAL),
    # a writer takes the lock when its transaction begins (IMMEDIATE: no deadlock upgrading
    # a read lock) and waits up to 20 s for another writer instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("PCMT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("PCMT_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("PCMT_LOGIN_THROTTLING", True)
# The address after TrustedProxyMiddleware: a forwarded address only from a configured proxy.
AXES_CLIENT_IP_CALLABLE = "pcmt.security.proxies.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["pcmt.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("PCMT_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
# Production serves what `collectstatic` wrote: names carry a content hash (cached for a year)
# and each file has a compressed copy; development and tests read the source folders.
# Uploaded files (person photos) are encrypted at rest with the field keys (pcmt.core.filecrypt).
STORAGES = {
    "default": {"BACKEND": "pcmt.core.filecrypt.EncryptedFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "pcmt.core.staticfiles.ProductionStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
WHITENOISE_MAX_AGE = env_int("PCMT_STATIC_MAX_AGE", 3600) if PRODUCTION else 0
MEDIA_ROOT = VAR_DIR / "media"
# Scans attached to episodes: outside the web root, served only through the jurisdiction check.
PCMT_PRIVATE_MEDIA_ROOT = Path(env_str("PCMT_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
PCMT_ATTACHMENT_MAX_BYTES = env_int("PCMT_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Signing of report PDFs (PAdES): signer.key.pem, signer.cert.pem and ca.cert.pem (the trust
# root `report_verify` accepts). Outside production a demo CA is generated there when missing.
PCMT_REPORT_SIGNING_DIR = Path(env_str("PCMT_REPORT_SIGNING_DIR", str(VAR_DIR / "report-signing")))
# Uploaded lists (.xlsx, .csv), checked before they are parsed (pcmt.core.tabular).
PCMT_UPLOAD_MAX_BYTES = env_int("PCMT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
PCMT_UPLOAD_MAX_UNCOMPRESSED_BYTES = env_int(
    "PCMT_UPLOAD_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024
)
PCMT_UPLOAD_MAX_RATIO = env_int("PCMT_UPLOAD_MAX_RATIO", 100)
PCMT_UPLOAD_MAX_ROWS = env_int("PCMT_UPLOAD_MAX_ROWS", 200_000)
PCMT_UPLOAD_MAX_CELLS = env_int("PCMT_UPLOAD_MAX_CELLS", 5_000_000)
# Uploads up to that size stay in memory while the request is read: no plain copy on disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = PCMT_UPLOAD_MAX_BYTES

# Sessions: ended after PCMT_SESSION_IDLE_MINUTES without a request, and in any case
# PCMT_SESSION_MAX_HOURS after the login (pcmt.security.middleware.SessionLifetimeMiddleware).
PCMT_SESSION_IDLE_MINUTES = env_int("PCMT_SESSION_IDLE_MINUTES", 30)
PCMT_SESSION_MAX_HOURS = env_int("PCMT_SESSION_MAX_HOURS", 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = PCMT_SESSION_MAX_HOURS * 3600
SESSION_COOKIE_SAMESITE = "Lax"
# HTTPS: on in production (PCMT_HTTPS=false only behind a proxy that already redirects).
PCMT_HTTPS = env_bool("PCMT_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = PCMT_HTTPS
CSRF_COOKIE_SECURE = PCMT_HTTPS
SECURE_SSL_REDIRECT = PCMT_HTTPS
SECURE_HSTS_SECONDS = env_int("PCMT_HSTS_SECONDS", 365 * 24 * 3600) if PCMT_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PCMT_HTTPS
# Preloading binds the whole domain to HTTPS for browsers, irrevocably: the operator decides.
SECURE_HSTS_PRELOAD = PCMT_HTTPS and env_bool("PCMT_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or networks).
PCMT_TRUSTED_PROXIES = env_list("PCMT_TRUSTED_PROXIES", [])
if PCMT_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy: only this site's own files; no inline script or style, no eval.
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# An optional tile source on the closed network under the communes' outlines (a tile server's
# "https://tiles.internal/{z}/{x}/{y}.png"); empty: the outlines alone. Its origin, and no
# other, is added to the images the pages may load.
PCMT_MAP_TILE_URL = env_str("PCMT_MAP_TILE_URL", "")
if PCMT_MAP_TILE_URL:
    from urllib.parse import urlsplit as _urlsplit

    _tiles = _urlsplit(PCMT_MAP_TILE_URL)
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")

# Two factors (password, then a one-time code) for administrators and every user with a data
# role; on by default in production, off in the demo and the tests.
PCMT_REQUIRE_2FA = env_bool("PCMT_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "PCMT"
PCMT_RECOVERY_CODES = 10
# Passkeys (WebAuthn): the site's domain and the exact origin the browser shows; empty, no
# passkeys. In development both name localhost (a secure context over plain http).
PCMT_WEBAUTHN_RP_ID = env_str("PCMT_WEBAUTHN_RP_ID", "" if PRODUCTION else "localhost")
PCMT_WEBAUTHN_ORIGIN = env_str(
    "PCMT_WEBAUTHN_ORIGIN", "" if PRODUCTION else "http://localhost:8000"
)
# API tokens live this many days (shown once, stored hashed, revocable).
PCMT_API_TOKEN_DAYS = env_int("PCMT_API_TOKEN_DAYS", 90)
# Break-the-glass: an emergency read of a person outside the jurisdiction lasts this long.
PCMT_EMERGENCY_ACCESS_HOURS = env_int("PCMT_EMERGENCY_ACCESS_HOURS", 4)
# Unusual access: a user who reads more than this many persons within the window.
PCMT_UNUSUAL_READS_PERSONS = env_int("PCMT_UNUSUAL_READS_PERSONS", 50)
PCMT_UNUSUAL_READS_MINUTES = env_int("PCMT_UNUSUAL_READS_MINUTES", 60)
# Working hours on working days (official calendar); reads outside them are listed.
PCMT_WORKING_HOURS = (
    env_int("PCMT_WORKING_HOURS_START", 7),
    env_int("PCMT_WORKING_HOURS_END", 18),
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "pcmt.security.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "pcmt.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "pcmt.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DATETIME_FORMAT": "iso-8601",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PCMT API",
    "DESCRIPTION": "Drug prevention and control data system: persons, units, address resolution.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PCMT_LOG_LEVEL", "WARNING")},
}

# E-mail through Django's mailers (SMTP); notifications are e-mailed only when switched on.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("PCMT_EMAIL_HOST", "localhost"),
            "port": env_int("PCMT_EMAIL_PORT", 25),
            "username": env_str("PCMT_EMAIL_USER", ""),
            "password": env_str("PCMT_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("PCMT_EMAIL_USE_TLS", False),
            "timeout": env_int("PCMT_EMAIL_TIMEOUT_SECONDS", 10),
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("PCMT_EMAIL_FROM", "pcmt@localhost")
PCMT_NOTIFICATION_EMAIL = env_bool("PCMT_NOTIFICATION_EMAIL", False)
# The address users open PCMT at, for the link in e-mails (e.g. https://pcmt.example.gov.vn).
PCMT_SITE_URL = env_str("PCMT_SITE_URL", "")

# The production server (gunicorn.conf.py): worker processes and threads per process.
# Two processes per core and a few threads each: requests mostly wait on PostgreSQL.
PCMT_WEB_WORKERS = env_int("PCMT_WEB_WORKERS", 2 * (os.cpu_count() or 1))
PCMT_WEB_THREADS = env_int("PCMT_WEB_THREADS", 4)
PCMT_WEB_BIND = env_str("PCMT_WEB_BIND", "127.0.0.1:8000")
PCMT_WEB_TIMEOUT_SECONDS = env_int("PCMT_WEB_TIMEOUT_SECONDS", 60)

# Search: how many rows the typo-tolerant name search ranks at most.
PCMT_SEARCH_CANDIDATES = env_int("PCMT_SEARCH_CANDIDATES", 500)

# Hotspots: an eliminated hotspot is monitored this many months from its elimination before
# it may be closed, and re-verified every PCMT_HOTSPOT_REVERIFY_MONTHS while eliminated or
# monitored; the worklist lists re-verifications due within PCMT_HOTSPOT_REVERIFY_NOTICE_DAYS.
PCMT_HOTSPOT_MONITORING_MONTHS = env_int("PCMT_HOTSPOT_MONITORING_MONTHS", 12)
PCMT_HOTSPOT_REVERIFY_MONTHS = env_int("PCMT_HOTSPOT_REVERIFY_MONTHS", 3)
PCMT_HOTSPOT_REVERIFY_NOTICE_DAYS = env_int("PCMT_HOTSPOT_REVERIFY_NOTICE_DAYS", 14)
