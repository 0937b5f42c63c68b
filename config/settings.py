"""socialgov settings: everything that varies between deployments comes from the environment.

See .env.example for the list of variables.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import envbool, envint, envlist, envstr
from config.sso import saml_app

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(envstr("SOCIALGOV_DATA_DIR", str(BASE_DIR / "var"))).resolve()
LIBRARY_DIR = Path(envstr("SOCIALGOV_LIBRARY_DIR", str(BASE_DIR / "library"))).resolve()

DEBUG = envbool("DEBUG", False)
DATABASE_URL = envstr("DATABASE_URL")
# Embedded mode: one machine, SQLite, plain HTTP on localhost (what `make run` gives). A deployment
# that sets DATABASE_URL is a production one unless it says otherwise.
EMBEDDED = envbool("SOCIALGOV_EMBEDDED", not DATABASE_URL)


def _embedded_secret_key() -> str:
    """Generate the key once into the data directory, readable by its owner only."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50))
    key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not EMBEDDED:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production)")
    SECRET_KEY = _embedded_secret_key()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    # The project's apps come before allauth so their templates restyle its pages.
    "socialgov.core",
    "socialgov.web",
    "socialgov.channels",
    "socialgov.library",
    "socialgov.risks",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "socialgov.monitoring",
    "socialgov.policies",
    "socialgov.awareness",
    "socialgov.assessments",
    "socialgov.strategy",
    "socialgov.publishing",
    "socialgov.archive",
    "socialgov.portal",
    "socialgov.incidents",
    "socialgov.reports",
    "socialgov.usage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "socialgov.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "socialgov.core.middleware.SecondFactorRequiredMiddleware",
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
                "csp.context_processors.nonce",
                "socialgov.web.context_processors.navigation",
            ],
        },
    },
]

# Database: embedded SQLite unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{DATA_DIR / 'socialgov.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer commits; IMMEDIATE avoids lock upgrades that
        # fail with "database is locked" under concurrent writers.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: username or e-mail with password, TOTP available to everyone, no self sign-up
# (people come from the HR register).
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "socialgov.core.auth.NoSignupAccountAdapter"
# Failed logins are limited by socialgov.core.login_limits (progressive delays, no lock per
# account name), the same on the HTML login, the admin (through it) and the token endpoint.
ACCOUNT_LOGOUT_ON_GET = False
# Security keys and passkeys (WebAuthn) beside TOTP: either one is the second factor the rules
# in socialgov.core.mfa ask for; a passkey also signs in by itself (it is a key and a user check
# in one, as allauth's passkey login treats it).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
# Only for development on plain http (never in production: the browser's origin is checked).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = envbool("SOCIALGOV_WEBAUTHN_ALLOW_INSECURE_ORIGIN", False)
MFA_TOTP_ISSUER = "socialgov"
# Roles whose holders must set up a second factor before they use the app (comma-separated
# role codes; "none" for nobody). Off in embedded mode so the demo's printed logins keep working.
_MFA_ROLES = envlist(
    "SOCIALGOV_MFA_REQUIRED_ROLES",
    [] if EMBEDDED else ["admin", "governance_lead", "analyst", "auditor"],
)
SOCIALGOV_MFA_REQUIRED_ROLES = [role for role in _MFA_ROLES if role != "none"]

# Single sign-on with OpenID Connect and/or SAML 2.0, when the organisation's identity provider
# is configured. A sign-in matches a person of the register by the e-mail address the provider
# says it verified (socialgov.core.sso); a login is created on the fly only when
# SOCIALGOV_SSO_CREATE_USERS says so, and a role comes from the provider only through an
# explicit group → role entry in SOCIALGOV_SSO_ROLE_MAP.
SOCIALGOV_OIDC_SERVER_URL = envstr("SOCIALGOV_OIDC_SERVER_URL")
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
if SOCIALGOV_OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "sso",
                "name": envstr("SOCIALGOV_OIDC_NAME", "Single sign-on"),
                "client_id": envstr("SOCIALGOV_OIDC_CLIENT_ID"),
                "secret": envstr("SOCIALGOV_OIDC_CLIENT_SECRET"),
                "settings": {"server_url": SOCIALGOV_OIDC_SERVER_URL},
            }
        ]
    }
SOCIALGOV_SAML_IDP_ENTITY_ID = envstr("SOCIALGOV_SAML_IDP_ENTITY_ID")
if SOCIALGOV_SAML_IDP_ENTITY_ID:
    SOCIALACCOUNT_PROVIDERS["saml"] = {
        "APPS": [
            saml_app(
                name=envstr("SOCIALGOV_SAML_NAME", "Single sign-on (SAML)"),
                slug=envstr("SOCIALGOV_SAML_SLUG", "sso"),
                entity_id=SOCIALGOV_SAML_IDP_ENTITY_ID,
                sso_url=envstr("SOCIALGOV_SAML_IDP_SSO_URL"),
                x509cert=envstr("SOCIALGOV_SAML_IDP_X509CERT"),
                verified_domains=envlist("SOCIALGOV_SAML_VERIFIED_EMAIL_DOMAINS", []),
            )
        ]
    }
SOCIALGOV_SSO_CREATE_USERS = envbool("SOCIALGOV_SSO_CREATE_USERS", False)
# "group=role" pairs (comma-separated): a provider group that gives a role organisation-wide.
SOCIALGOV_SSO_ROLE_MAP = dict(
    pair.split("=", 1) for pair in envlist("SOCIALGOV_SSO_ROLE_MAP", []) if "=" in pair
)
# The claim (OpenID Connect) or attribute (SAML) that lists the user's groups.
SOCIALGOV_SSO_GROUPS_ATTRIBUTE = envstr("SOCIALGOV_SSO_GROUPS_ATTRIBUTE", "groups")
SOCIALACCOUNT_ADAPTER = "socialgov.core.auth.SingleSignOnAdapter"
# Matching by e-mail is socialgov.core.sso's (against the people register), not allauth's.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch")), ("fr", _("French"))]
LOCALE_PATHS: list[Path] = []
TIME_ZONE = envstr("TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
# Uploads (draft images) live with the rest of the instance's data, never under the working
# directory; they are served only through views that check who may read them, so no MEDIA_URL.
MEDIA_ROOT = DATA_DIR / "media"
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
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", True)
WHITENOISE_MANIFEST_STRICT = False

# Throttles count in this cache, so it must be one that every worker shares: the database
# (`socialgov createcachetable` makes its table) unless Redis is configured.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "socialgov_cache",
    }
}
if envstr("REDIS_CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": envstr("REDIS_CACHE_URL"),
    }

# How many reverse proxies of our own stand in front of the app (0: none, clients connect
# directly). Only then are X-Forwarded-For and X-Forwarded-Proto believed.
SOCIALGOV_TRUSTED_PROXIES = envint("SOCIALGOV_TRUSTED_PROXIES", 0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "socialgov.core.tokens.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "socialgov.core.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["socialgov.core.permissions.ScopedPermission"],
    "DEFAULT_PAGINATION_CLASS": "socialgov.core.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "socialgov.core.schema.SocialgovAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_RATES": {"auth_token": envstr("SOCIALGOV_TOKEN_THROTTLE", "10/min")},
    "EXCEPTION_HANDLER": "socialgov.core.api_errors.exception_handler",
    # The one client address rule (socialgov.core.login_limits.client_address, allauth and the
    # throttles): X-Forwarded-For counts only behind trusted proxies.
    "NUM_PROXIES": SOCIALGOV_TRUSTED_PROXIES,
}
# Personal API tokens (django-rest-knox): stored as SHA-512 hashes, sent as "Token <key>".
KNOX_TOKEN_MODEL = "knox.AuthToken"  # noqa: S105  (a model name, not a secret)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=envint("SOCIALGOV_TOKEN_DAYS", 30)),
    "AUTO_REFRESH": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "socialgov API",
    "DESCRIPTION": "Social media governance: channels, risks, policies, awareness and monitoring.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "socialgov.core.schema.declare_error_responses",
    ],
    # Several models have a "status" or a "kind" (and the posture several yes/no/unknown
    # answers): name each choice set once so the schema has stable enum names.
    "ENUM_NAME_OVERRIDES": {
        "AnswerEnum": "socialgov.channels.models.choices.Answer",
        "ChannelStatusEnum": "socialgov.channels.models.choices.ChannelStatus",
        "GrantStatusEnum": "socialgov.channels.models.choices.GrantStatus",
        "ReviewStatusEnum": "socialgov.channels.models.choices.ReviewStatus",
        "LinkStatusEnum": "socialgov.channels.models.choices.LinkStatus",
        "TaskStatusEnum": "socialgov.core.models.tasks.TaskStatus",
        "PolicyVersionStatusEnum": "socialgov.policies.models.VersionStatus",
        "CampaignStatusEnum": "socialgov.policies.models.CampaignStatus",
        "AssignmentStatusEnum": "socialgov.awareness.models.AssignmentStatus",
        "AssessmentStatusEnum": "socialgov.assessments.models.AssessmentStatus",
        "ObjectiveStatusEnum": "socialgov.strategy.models.ObjectiveStatus",
        "AlertStatusEnum": "socialgov.monitoring.models.choices.AlertStatus",
        "AlertSeverityEnum": "socialgov.monitoring.models.choices.AlertSeverity",
        "AlertCategoryEnum": "socialgov.monitoring.models.choices.AlertCategory",
        "PolicyCategoryEnum": "socialgov.policies.models.PolicyCategory",
        "RiskCategoryEnum": "socialgov.risks.models.choices.RiskCategory",
        "PostKindEnum": "socialgov.monitoring.models.choices.PostKind",
        "AnalysisStateEnum": "socialgov.monitoring.models.choices.AnalysisState",
        "ConnectorHealthEnum": "socialgov.monitoring.models.choices.ConnectorHealth",
        "EscalationLevelEnum": "socialgov.monitoring.models.choices.EscalationLevel",
        "ChatFormatEnum": "socialgov.monitoring.models.choices.ChatFormat",
        "RiskStatusEnum": "socialgov.risks.models.choices.RiskStatus",
        "RiskTreatmentEnum": "socialgov.risks.models.choices.Treatment",
        "KRIStateEnum": "socialgov.risks.models.choices.KRIState",
        "IncidentKindEnum": "socialgov.incidents.models.IncidentKind",
        "UsageReportStatusEnum": "socialgov.usage.models.ReportStatus",
        "IncidentStatusEnum": "socialgov.incidents.models.IncidentStatus",
        "IncidentEntryKindEnum": "socialgov.incidents.models.EntryKind",
        "ArchiveItemKindEnum": "socialgov.archive.models.ItemKind",
    },
}

# Background work: in-process by default, Celery when a broker is configured.
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# One queue per kind of work (poll, analyse, detect, notify, governance): see the README.
CELERY_TASK_ROUTES = ("socialgov.monitoring.jobs.celery_tasks.route_job",)
SOCIALGOV_EXECUTOR = "celery" if CELERY_BROKER_URL else "inline"

# Monitoring: the key that encrypts connector credentials at rest (Fernet; comma-separated keys
# rotate, the first encrypts). Embedded mode generates one into the data directory.
SOCIALGOV_SECRETS_KEY = envstr("SOCIALGOV_SECRETS_KEY")
# Networks connectors may reach besides the public internet (an intranet feed server).
SOCIALGOV_CONNECTOR_ALLOWED_NETWORKS = envlist("SOCIALGOV_CONNECTOR_ALLOWED_NETWORKS", [])
# Demo: the local stand-in for the commercial platforms (`socialgov platform_fixtures`); when set,
# the demo's platform connectors are active and poll it.
SOCIALGOV_DEMO_FIXTURE_URL = envstr("SOCIALGOV_DEMO_FIXTURE_URL")
# Directories file-import connectors may read.
SOCIALGOV_IMPORT_DIRS = envlist("SOCIALGOV_IMPORT_DIRS", [str(DATA_DIR / "imports")])
# Working-hours usage (socialgov.usage): uploaded proxy logs wait here, outside MEDIA_ROOT so
# nothing serves them, and are deleted once processed. Reports are deleted after the retention.
SOCIALGOV_USAGE_UPLOAD_DIR = Path(
    envstr("SOCIALGOV_USAGE_UPLOAD_DIR", str(DATA_DIR / "usage-uploads"))
).resolve()
SOCIALGOV_USAGE_MAX_UPLOAD_BYTES = envint("SOCIALGOV_USAGE_MAX_UPLOAD_BYTES", 4 * 1024**3)
SOCIALGOV_USAGE_RETENTION_DAYS = envint("SOCIALGOV_USAGE_RETENTION_DAYS", 30)
SOCIALGOV_USAGE_MIN_GROUP_SIZE = envint("SOCIALGOV_USAGE_MIN_GROUP_SIZE", 5)
SOCIALGOV_USAGE_WORKING_HOURS = envstr("SOCIALGOV_USAGE_WORKING_HOURS", "09:00-17:00")
# A worker polling a connector renews its lease after every batch; a dead worker's lease expires.
SOCIALGOV_CONNECTOR_LEASE_SECONDS = envint("SOCIALGOV_CONNECTOR_LEASE_SECONDS", 120)
# Posts claimed for analysis by a worker that died go back to the queue after this long.
SOCIALGOV_ANALYSIS_CLAIM_SECONDS = envint("SOCIALGOV_ANALYSIS_CLAIM_SECONDS", 300)
# Back-pressure: above this many posts waiting for analysis, connectors are not polled (their
# cursor stays put, nothing is lost) until analysis has caught up.
SOCIALGOV_BACKLOG_LIMIT = envint("SOCIALGOV_BACKLOG_LIMIT", 5000)
# The stream detectors' channels are split in this many partitions, each with its own cursor
# and lock, so that many detection workers run at once (never two on one channel).
SOCIALGOV_DETECTOR_PARTITIONS = envint("SOCIALGOV_DETECTOR_PARTITIONS", 1)
# Dotted path to the post analyzer (a callable: posts -> findings); empty: the analysis engine.
SOCIALGOV_ANALYZER = envstr("SOCIALGOV_ANALYZER")
# The spike detector's sentiment hook (text -> score in [-1, 1] or a label): the analysis engine.
SOCIALGOV_SENTIMENT_FN = envstr(
    "SOCIALGOV_SENTIMENT_FN", "socialgov.engine.detectors.engine_sentiment.engine_sentiment"
)

# Without a mail server: the console in DEBUG; in embedded mode one file per message in
# $SOCIALGOV_DATA_DIR/mail, so the worker's reminders do not bury what `make run` prints.
_NO_MAIL_SERVER_BACKEND = (
    "django.core.mail.backends.filebased.EmailBackend"
    if EMBEDDED and not DEBUG
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    _NO_MAIL_SERVER_BACKEND
    if not envstr("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "socialgov@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SOCIALGOV_DEMO_PASSWORD = envstr("SOCIALGOV_DEMO_PASSWORD")
SOCIALGOV_BASE_URL = envstr("SOCIALGOV_BASE_URL", "http://127.0.0.1:8000")

# Production hardening: on unless DEBUG or embedded (plain HTTP on localhost), each overridable.
_HTTPS = not DEBUG and not EMBEDDED
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", _HTTPS)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", _HTTPS)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", _HTTPS)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _HTTPS)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", _HTTPS)
if SOCIALGOV_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy: everything from our own origin, nothing inline. A template that needs
# an inline <script> or <style> carries the request's nonce; colours that come from
# the library are classes of a generated stylesheet, never style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # The TOTP set-up page shows its QR code as a data: image; the API docs draw SVG icons.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# No page uses a device or a powerful browser feature: turn them all off.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "usb",
        "screen-wake-lock",
        "xr-spatial-tracking",
    )
}
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}
