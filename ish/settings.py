"""Settings for every environment, read from environment variables (and an optional `.env`)."""

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# Read as it is: django-environ would take a key starting with "$" for the name of another
# variable, and Django's own key generator writes such keys.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# The key .env.example ships with: anyone may read it, so anyone could sign a self-service link.
PLACEHOLDER_SECRET_KEY = "change-me-to-the-output-of-the-command-above"
SECRET_KEY_MIN_LENGTH = 50
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-key-not-for-production"
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For development, set DEBUG=true."
        )
    if SECRET_KEY == PLACEHOLDER_SECRET_KEY or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
        raise ImproperlyConfigured(
            f"SECRET_KEY must be {SECRET_KEY_MIN_LENGTH} or more random characters, not the "
            "placeholder of .env.example. Generate one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "ish.portal.admin_site.ISHAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # the built-in widgets' templates, for FORM_RENDERER below
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "phonenumber_field",
    "django_bootstrap5",
    "bootstrap",
    "django_htmx",
    "csp",
    "auditlog",
    "ish.seasons",
    "ish.labs",
    "ish.accounts",
    "ish.notifications",
    "ish.nominations",
    "ish.placements",
    "ish.housing",
    "ish.participants",
    "ish.exchange",
    "ish.rosters",
    "ish.programme",
    "ish.letters",
    "ish.alumni",
    "ish.retention",
    "ish.backups",
    "ish.portal",
]
if DEBUG:
    # The demo season's command, for `make run` and `make demo`; production never loads it.
    INSTALLED_APPS.append("ish.demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A full disk while a file is written: 507 with a message, not a server error (ish/media.py).
    "ish.media.StorageFullMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who changed or read what, from which address (ish/audit.py).
    "ish.audit.AuditMiddleware",
    "ish.accounts.middleware.SessionLifetimeMiddleware",
    "ish.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ish.urls"
WSGI_APPLICATION = "ish.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The signed-in user's menu, its current page marked (ish/portal/navigation.py).
                "ish.portal.navigation.navigation",
            ],
        },
    },
]
# Widgets are drawn from the templates above, so templates/ can correct one of the admin's own
# (admin/widgets/split_datetime.html labels its date and time inputs); Django's default renderer
# would look in the installed apps only, where the admin's own comes first.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


def database_at(url: str) -> dict:
    """Django's settings for the database at `url`, tuned for web, worker and beat sharing it."""
    database = env.db_url_config(url)
    database["ATOMIC_REQUESTS"] = False
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL and a busy timeout let the web process, the worker and beat share the file.
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        database["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        database["CONN_HEALTH_CHECKS"] = True
        # No JIT: PostgreSQL compiles any query estimated above 100,000 (a count with a subquery
        # per student, at 10,000 students) and spent 74 ms compiling one that ran in 150 ms.
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return database


# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": database_at(env("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache counts public form submissions per client (rate limit); share it between gunicorn
# workers in production with CACHE_URL=redis://…/1.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Reverse proxies in front of the app (docker-compose.yml: the TLS proxy, 1), each appending the
# address it saw to X-Forwarded-For; the rate limit counts the address left of theirs. 0: the
# client connects directly and REMOTE_ADDR is its address (X-Forwarded-For is ignored: a client
# can send anything there).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# The audit trail (ish/audit.py): changes kept as JSON values (null stays null), nothing logged
# for fixtures loaded as they are.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_ON_RAW_SAVE = True

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out account or address before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "ish.accounts.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Signing in (ish/accounts): after SIGN_IN_FAILURE_LIMIT failures for one account or from one
# address (behind TRUSTED_PROXY_COUNT proxies), sign-ins are refused for SIGN_IN_LOCKOUT_MINUTES,
# on the portal, the admin and the API alike (django-axes).
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "ish.addresses.client_ip"
AXES_LOCKOUT_CALLABLE = "ish.accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
# A refused attempt while locked out does not restart the clock, so the account's owner is let in
# again on time; every failure before the lockout counted.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Failures are kept until they expire; successful sign-ins are not logged here (who signed in from
# which address is personal data with no use in this table).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Password-reset mails per client address and per e-mail address asked for, in an hour.
PASSWORD_RESETS_PER_ADDRESS = env.int("PASSWORD_RESETS_PER_ADDRESS", default=5)
PASSWORD_RESETS_PER_ACCOUNT = env.int("PASSWORD_RESETS_PER_ACCOUNT", default=3)
# Calendar feeds asked for (by secret address, no sign-in) per client address in an hour: calendar
# apps look again every hour or so, and an office behind one address has a few dozen of them.
CALENDAR_FEEDS_PER_ADDRESS = env.int("CALENDAR_FEEDS_PER_ADDRESS", default=300)
# The second factor (TOTP, RFC 6238: SHA-1, 6 digits, 30 s, with recovery codes): every organiser
# must have confirmed one before any page or endpoint with personal data answers them.
REQUIRE_ORGANISER_SECOND_FACTOR = env.bool("REQUIRE_ORGANISER_SECOND_FACTOR", default=not DEBUG)
OTP_TOTP_ISSUER = "ISH Manager"
# The admin lists everyone's devices (to delete a lost one) but shows nobody else's key or codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Portal sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after
# signing in, whatever happens in between.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=120)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
# API tokens (django-rest-knox: stored hashed) expire this many hours after sign-in.
API_TOKEN_HOURS = env.int("API_TOKEN_HOURS", default=24)
REST_KNOX = {"TOKEN_TTL": timedelta(hours=API_TOKEN_HOURS), "AUTO_REFRESH": False}

# Internationalisation: the portal and every e-mail exist in the partner cities' languages
# (the same list as accounts.models.Language, which a test holds equal). Hebrew is written
# right to left: Django's LANGUAGES_BIDI knows it.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("he", _("Hebrew")),
    ("ja", _("Japanese")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("zh-hans", _("Simplified Chinese")),
]
# The languages whose catalogues hold every message, translated (English is the source): a
# language joins once its translators are done, and tests/i18n/test_catalogues.py then keeps it
# complete (a new message is translated into each the same day). One that is not complete shows
# English wherever a message is not translated yet.
COMPLETE_LANGUAGES = ["en", "de", "fr", "he", "ja", "ru", "uk", "zh-hans"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# How each language writes dates and times, where Django's defaults are not what we want, and the
# product's own named formats (WEEKDAY_DAY_FORMAT, …).
FORMAT_MODULE_PATH = ["ish.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# Static files come from pip packages (Bootstrap, htmx, Swagger UI) and are served by whitenoise.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "ish" / "static"]
# Every form field is drawn by the portal's renderer: errors marked, never a success; limits said.
BOOTSTRAP5 = {"field_renderers": {"default": "ish.portal.field_renderer.FieldRenderer"}}
# Uploaded documents and generated exports are private: never served under a public URL.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
VAR_DIR = BASE_DIR / "var"
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024  # a 10 MB document plus the form around it
STORAGES = {
    # Files written whole or not at all (ish/media.py).
    "default": {"BACKEND": "ish.media.LocalMediaStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


def object_storage(bucket: str) -> dict:
    """The S3-compatible bucket (MinIO, AWS S3, …) holding uploads and exports when several hosts
    share them. Private whatever the bucket's owner set: objects are written without an ACL (the
    bucket's own, private), and every URL the storage gives is signed and expires within
    STORAGE_SIGNED_URL_SECONDS; a custom domain is never used, as its URLs are not signed."""
    endpoint = env("AWS_S3_ENDPOINT_URL", default="") or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": env("AWS_S3_REGION_NAME", default="us-east-1"),
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            # MinIO and most other S3-compatible servers know buckets by path, not by host name.
            "addressing_style": env(
                "AWS_S3_ADDRESSING_STYLE", default="path" if endpoint else "auto"
            ),
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int("STORAGE_SIGNED_URL_SECONDS", default=60),
            "file_overwrite": False,
            # A file read whole (a replaced document's copy into a personal-data ZIP) spills to
            # disk past this size; downloads stream the object and never hold it (ish.uploads).
            "max_memory_size": 2 * 1024 * 1024,
        },
    }


# Uploads and exports: the private folder MEDIA_ROOT (one host, `make run`, the tests) unless
# AWS_STORAGE_BUCKET_NAME names a bucket (several web and worker hosts; README, Object storage).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = object_storage(AWS_STORAGE_BUCKET_NAME)
# Downloads from the bucket: streamed through the permission-checked view (the default), or, with
# this on, that view answers with a redirect to a signed URL valid STORAGE_SIGNED_URL_SECONDS, so
# large files bypass the web hosts (the endpoint must then be reachable by browsers).
STORAGE_SIGNED_DOWNLOADS = env.bool("STORAGE_SIGNED_DOWNLOADS", default=False)
# In development whitenoise finds the files in the apps, per request (its autorefresh follows
# DEBUG), so STATIC_ROOT need not exist; in production collectstatic fills it.
WHITENOISE_USE_FINDERS = DEBUG
# Files that browsers and other clients ask for at the site's root (/favicon.ico) whatever a page
# links to, served by whitenoise under their own names.
WHITENOISE_ROOT = BASE_DIR / "ish" / "public"

# E-mail: EMAIL_URL (e.g. smtp+tls://user:pw@host:587) or EMAIL_BACKEND; files under var/mail in
# development so every message can be read.
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
elif "EMAIL_BACKEND" in env:
    EMAIL_BACKEND = env("EMAIL_BACKEND")
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ISH Manager <ish@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# The office's mailbox, which receives escalations and copies of decisions, and its language.
ISH_OFFICE_EMAIL = env("ISH_OFFICE_EMAIL", default="ish-office@localhost")
ISH_OFFICE_LANGUAGE = env("ISH_OFFICE_LANGUAGE", default="de")
# Outbox delivery: attempts before a message is marked failed, and the backoff's first step.
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=5)
EMAIL_RETRY_BASE_SECONDS = env.int("EMAIL_RETRY_BASE_SECONDS", default=60)
# Pending mail older than this is re-enqueued by beat (broker outage, lost task).
EMAIL_REQUEUE_GRACE_SECONDS = env.int("EMAIL_REQUEUE_GRACE_SECONDS", default=120)
# Coordinators are reminded this many days before their nomination deadline (if anything is open).
DEADLINE_REMINDER_DAYS = [int(n) for n in env.list("DEADLINE_REMINDER_DAYS", default=[14, 3, 1])]
# Unanswered lab offers: a reminder to the lab after this many days, then the office is told.
PLACEMENT_REMINDER_DAYS = env.int("PLACEMENT_REMINDER_DAYS", default=5)
PLACEMENT_ESCALATION_DAYS = env.int("PLACEMENT_ESCALATION_DAYS", default=10)
# Participants' self-service links stay valid until the programme ends, at least this long;
# arrival and departure must lie within this many days of the programme.
PARTICIPANT_LINK_DAYS = env.int("PARTICIPANT_LINK_DAYS", default=30)
ARRIVAL_WINDOW_DAYS = env.int("ARRIVAL_WINDOW_DAYS", default=14)
# Outbound programmes (the NYSF, ISSI, …): points per reviewer, applications per client address
# and hour, how long a principal's link lasts. Places, limits per school and reminder days are
# each programme's own (ish.exchange.models.OutboundProgramme, edited in the portal).
EXCHANGE_MAX_POINTS = env.int("EXCHANGE_MAX_POINTS", default=10)
EXCHANGE_APPLICATIONS_PER_HOUR = env.int("EXCHANGE_APPLICATIONS_PER_HOUR", default=5)
EXCHANGE_LINK_DAYS = env.int("EXCHANGE_LINK_DAYS", default=60)
# A participant completes the programme (and receives a certificate) if marked absent at no more
# than this many of the events they were expected at (ish.programme.completion).
PROGRAMME_ABSENCES_ALLOWED = env.int("PROGRAMME_ABSENCES_ALLOWED", default=2)
# Exports hold personal data: they are deleted this many hours after they are built.
EXPORT_TTL_HOURS = env.int("EXPORT_TTL_HOURS", default=72)
# A running export that has reported nothing for this long has lost its worker: it is failed so
# that it can be retried.
EXPORT_STALE_MINUTES = env.int("EXPORT_STALE_MINUTES", default=15)
# Retention (ish.retention): a season's personal data is anonymised this many months after its
# last programme day; NYSF applicants who were not selected, this many months after the decision.
RETENTION_MONTHS_AFTER_SEASON = env.int("RETENTION_MONTHS_AFTER_SEASON", default=12)
RETENTION_MONTHS_AFTER_NOT_SELECTED = env.int("RETENTION_MONTHS_AFTER_NOT_SELECTED", default=6)
# Backups (ish.backups, `manage.py backup`): where archives are written and how many are kept. Keep
# fewer days than the shortest retention period, so data deleted by retention leaves the backups
# soon after (README, Backups).
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(VAR_DIR / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
# Absolute links in e-mails point here.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Celery: Redis in production; without CELERY_BROKER_URL, kombu's filesystem transport under var/
# so a real worker and beat run on a laptop with no server to install. The transport ignores the
# host, but kombu warns "No hostname was supplied" at every connection to a URL without one.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://localhost/")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Beat's own scheduler records each task it sends: /healthz tells a dead beat from a dead worker.
CELERY_BEAT_SCHEDULER = "ish.portal.beat:Scheduler"
# /healthz answers 503 naming the worker, or beat, whose last sign of life is older than this (beat
# sends the worker a heartbeat task every minute); the office's dashboard uses the same limit.
HEARTBEAT_MAX_AGE_MINUTES = env.int("HEARTBEAT_MAX_AGE_MINUTES", default=5)
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "ish.portal.tasks.record_heartbeat", "schedule": 60.0},
    "requeue-pending-emails": {
        "task": "ish.notifications.tasks.requeue_pending_emails",
        "schedule": 60.0,
    },
    "nomination-deadline-reminders": {
        "task": "ish.nominations.tasks.send_deadline_reminders",
        "schedule": crontab(hour=9, minute=0),
    },
    "placement-offer-reminders": {
        "task": "ish.placements.tasks.send_offer_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "delete-expired-exports": {
        "task": "ish.rosters.tasks.delete_expired_exports",
        "schedule": crontab(minute=5),
    },
    "sweep-exports": {"task": "ish.rosters.tasks.sweep_exports", "schedule": 120.0},
    "forget-expired-sign-ins": {
        "task": "ish.accounts.tasks.forget_expired_sign_ins",
        "schedule": crontab(minute=35),
    },
    "exchange-departure-reminders": {
        "task": "ish.exchange.tasks.send_departure_reminders",
        "schedule": crontab(hour=8, minute=15),
    },
    "apply-retention": {
        "task": "ish.retention.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30),
    },
    "ask-alumni": {
        "task": "ish.alumni.tasks.ask_ended_seasons",
        "schedule": crontab(hour=10, minute=0),
    },
}
# A request must not hang when the broker is down: publishing gives up quickly and the outbox
# sweep delivers later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    # kombu creates none of these folders: `make run` and `make demo` do (Makefile, BROKER_DIRS).
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "messages"),
        "data_folder_out": str(_broker_dir / "messages"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.5,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 2, "interval_start": 0, "interval_step": 1}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated request gets 401 with a WWW-Authenticate header.
        "api.authentication.TokenAuthentication",
        "api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's parsers, with JSON nested beyond a limit refused as a 400 (not a RecursionError).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "api.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ISH Manager API",
    "DESCRIPTION": "Nominations, placements, housing and exports of the International Summer "
    "Science School Heidelberg.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind` or `status`; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "CityKindEnum": "ish.seasons.models.City.Kind",
        "DocumentKindEnum": "ish.nominations.models.Document.Kind",
        "NominationStatusEnum": "ish.nominations.models.Nomination.Status",
        "PlacementStatusEnum": "ish.placements.models.Placement.Status",
        "HousingAssignmentStatusEnum": "ish.housing.models.HousingAssignment.Status",
        "EmailStatusEnum": "ish.notifications.models.OutboundEmail.Status",
        "CountryEnum": "django_countries.countries",
    },
}

PHONENUMBER_DEFAULT_REGION = "DE"

# Production hardening; `manage.py check --deploy` passes with DEBUG off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Every cookie the site sets (session, CSRF, language; messages follow the session's settings) is
# Secure in production, out of reach of scripts (none reads a cookie: forms carry the CSRF token,
# and so does the API docs' start script) and not sent with another site's subrequests.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Content-Security-Policy (django-csp): scripts, styles, fonts and frames from this site only, and
# nothing inline (no <script> or <style> elements, no style or event attributes); images also as
# data: URIs (Bootstrap's CSS draws its icons with them). Status colours come from a generated
# stylesheet (ish.portal.views.status_colours), widths from classes in portal.css. Responses
# that need another policy set their own: documents shown inline (ish.uploads), an e-mail's
# preview (ish.notifications.views) and the API docs (api.urls).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    },
}
# Permissions-Policy: no page uses a device or a sensor, so no page (nor anything it frames) may
# ask for one; full screen stays for a framed PDF's viewer, and passkeys keep their default.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
} | {"fullscreen": ["self"]}

# Everything goes to one console handler, the root's. Django's own defaults add a second console
# handler (and mail_admins, with no ADMINS set) to the `django` logger, which also propagates to the
# root: each of its lines was printed twice; so `django` keeps no handler of its own here.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_without_traceback": {"()": "ish.request_log.ClientErrorsInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # A 403 or 404 is an answer, not a fault: one line each, a traceback only for a 5xx.
        "django.request": {"filters": ["client_errors_without_traceback"]},
        # django-axes logs every sign-in at INFO; its failures and lockouts come at WARNING.
        "axes": {"level": "WARNING"},
        # WeasyPrint logs each step of every PDF at INFO; its missing fonts come at WARNING.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
