"""Settings for the emulation portal: one file, every deployment value read from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    """Read a yes/no variable; refuse anything that is not clearly one or the other."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def _envnumber(name: str, default, convert, expected: str):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return convert(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {expected}; got {raw!r}") from None


def envint(name: str, default: int) -> int:
    """Read an integer variable; refuse a value that is not a whole number."""
    return _envnumber(name, default, int, "a whole number")


def envfloat(name: str, default: float) -> float:
    """Read a decimal number variable (a point, not a comma); refuse anything else."""
    return _envnumber(name, default, float, "a number such as 1.1")


def envlist(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list, dropping blanks."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", False)
TESTING = envbool("DJANGO_TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [])
if DEBUG or TESTING:
    # Development and tests only: a key that is useless anywhere else.
    SECRET_KEY = SECRET_KEY or "dev-only-key-never-used-in-production-" + "x" * 20
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver", "[::1]"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production needs a long random SECRET_KEY "
            "(or set DJANGO_DEBUG=1 for local development)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Give the host names the portal answers to, comma-separated."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "bootstrap",
    "fontawesome",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "organizations",
    "campaigns",
    "awards",
    "dashboards",
    "emulation",
]

MIDDLEWARE = [
    # First, so that everything below (django-axes, the comments' flood limit) sees the client.
    "emulation.middleware.ForwardedClientMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "emulation.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "emulation.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "emulation.urls"
WSGI_APPLICATION = "emulation.wsgi.application"

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
                "emulation.context_processors.portal",
            ],
        },
    },
]

# SQLite needs nothing installed; production and CI point DATABASE_URL at PostgreSQL.
_database_url = os.environ.get("DATABASE_URL", "").strip()
# A query running longer than this is cancelled by PostgreSQL itself, so a request gunicorn gave up
# on never keeps a core busy. 0 turns it off (a migration of a large database, a restore); jobs run
# in workers with their own, longer limit (DB_JOB_STATEMENT_TIMEOUT).
DB_STATEMENT_TIMEOUT = envint(
    "DB_STATEMENT_TIMEOUT",
    envint("DB_JOB_STATEMENT_TIMEOUT", 600) if os.environ.get("PORTAL_WORKER") else 30,
)

# How many parallel workers PostgreSQL may add to one query (max_parallel_workers_per_gather);
# -1 leaves PostgreSQL's own. None in the web tier: a page reads a few rows, and a parallel plan
# walking a list's index for a page had every worker read thousands of its own (63 ms for the
# award history of a common name at 300,000 people, 10 ms in one process: docs/performance.md,
# the ninth round), on the cores other requests wait for. Jobs keep PostgreSQL's own.
DB_PARALLEL_WORKERS = envint("DB_PARALLEL_WORKERS", -1 if os.environ.get("PORTAL_WORKER") else 0)

# What PostgreSQL's planner counts for reading a page of a table or an index out of order
# (random_page_cost); 0 leaves PostgreSQL's own (4, priced for spinning disks). 1.1 prices the
# SSD or memory a database server has today: with 4, finding the award history of 54 namesakes
# at 300,000 people hashed all 12,000 units to check 130 records' scope (4.9 ms) instead of
# looking up the 130 units by their key (1.5 ms; docs/performance.md, the tenth round).
DB_RANDOM_PAGE_COST = envfloat("DB_RANDOM_PAGE_COST", 1.1)


def database_from_url(name: str, url: str) -> dict:
    """Parse a database URL read from the variable `name`, with the portal's connection options."""
    try:
        database = dj_database_url.parse(
            url, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a database URL: {exc}") from None
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = f"-c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}"
        if DB_PARALLEL_WORKERS >= 0:
            options += f" -c max_parallel_workers_per_gather={DB_PARALLEL_WORKERS}"
        if DB_RANDOM_PAGE_COST > 0:
            options += f" -c random_page_cost={DB_RANDOM_PAGE_COST}"
        database.setdefault("OPTIONS", {})["options"] = options
    return database


if _database_url:
    DATABASES = {"default": database_from_url("DATABASE_URL", _database_url)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        }
    }
# A read replica of the primary (PostgreSQL streaming replication): the pages that may show data a
# few seconds old read from it (organizations.routers.reads_from_replica); everything else, writes
# included, goes to the primary.
_replica_url = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if _replica_url:
    if not _database_url:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL: a replica of what?")
    DATABASES["replica"] = database_from_url("DATABASE_REPLICA_URL", _replica_url)
    # Tests have no replica: the alias reads the test database the primary uses.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["organizations.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs (organizations.jobs): the database queue by default, served by `manage.py
# db_worker` (`make run` starts one beside the web server); RQ on Redis in production
# (TASKS_BACKEND=rq, workers: `manage.py rqworker --job-class django_tasks_rq.Job default`).
# Tests run each job where it is started, unless they choose a backend.
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate" if TESTING else "database")
if _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {_tasks_backend!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend], "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}

# The cache every process shares: CACHE_URL, else the jobs' REDIS_URL when it is set. Without
# either, each process keeps its own in memory, which is right for one process only.
_cache_url = (os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or "").strip()
if _cache_url:
    if not _cache_url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"{'CACHE_URL' if os.environ.get('CACHE_URL') else 'REDIS_URL'} must be a Redis URL "
            f"(redis://, rediss:// or unix://); got {_cache_url!r}"
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "portal",
            # A Redis that stops answering fails the request in seconds, not at gunicorn's timeout.
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions: in the database (the default: nothing more to run), or in the shared Redis cache,
# which takes a read and a write per request off PostgreSQL. Either way any web host reads a
# session another wrote; a cache session ends if Redis loses it (a restart without persistence).
SESSION_ENGINES = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
}
_sessions = os.environ.get("PORTAL_SESSIONS", "db").strip()
if _sessions not in SESSION_ENGINES:
    raise ImproperlyConfigured(
        f"PORTAL_SESSIONS must be one of {', '.join(SESSION_ENGINES)}, not {_sessions!r}."
    )
if _sessions == "cache" and not _cache_url:
    raise ImproperlyConfigured(
        "PORTAL_SESSIONS=cache needs a shared cache: set CACHE_URL (or REDIS_URL) to a Redis. "
        "A cache in each process's memory would sign people out from one request to the next."
    )
SESSION_ENGINE = SESSION_ENGINES[_sessions]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "organizations.backends.PortalModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute-force protection on the sign-in form (django-axes).
AXES_ENABLED = envbool("AXES_ENABLED", not TESTING)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = 1  # hours
# The pair: a lock-out by username alone would let anyone lock any colleague out. Axes reads
# REMOTE_ADDR (django-ipware is not installed), which ForwardedClientMiddleware sets to the client's
# address behind TRUSTED_PROXY_COUNT proxies.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"

# Vietnamese first, English second; dates dd/mm/yyyy through FORMAT_MODULE_PATH.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["emulation.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True  # only the server reads it; the switch is a form

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads and the files jobs write: under MEDIA_ROOT, or in an S3-compatible bucket that every web
# host and worker reaches (PORTAL_STORAGE=s3). The code reads them only through the storage
# (`field.open()`), never by a local path, and serves them through views that check the user's
# right: the bucket stays private and no browser is sent to it.
_storage = os.environ.get("PORTAL_STORAGE", "filesystem").strip()
if _storage == "filesystem":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif _storage == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip():
        raise ImproperlyConfigured("PORTAL_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"].strip(),
            # Unset: AWS itself. Set: MinIO, Ceph or a provider's S3-compatible service.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Unset keys leave boto3 to find credentials (an instance role, ~/.aws).
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            # Objects take the bucket's own policy, which must be private; links, if any are
            # ever made, are signed and expire.
            "default_acl": None,
            "querystring_auth": True,
            # Two uploads of the same name both survive: the second gets a suffix.
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(f"PORTAL_STORAGE must be filesystem or s3, not {_storage!r}.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: the import refuses anything larger before reading it.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 20000)
# What a workbook may hold once unzipped, and how many cells a sheet may declare: checked before
# openpyxl reads it, as a small zip can expand to hundreds of megabytes in memory.
IMPORT_MAX_UNZIPPED_BYTES = envint("IMPORT_MAX_UNZIPPED_BYTES", 64 * 1024 * 1024)
IMPORT_MAX_CELLS = envint("IMPORT_MAX_CELLS", 1_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thiduakhenthuong@localhost")

# Content Security Policy: everything the portal loads is served by the portal itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

# Transport security. Production defaults are strict; an intranet without TLS may relax them
# explicitly, and `check --deploy` will then say so.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG and not TESTING)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
if envbool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The load balancer checks /healthz over plain HTTP; a redirect to HTTPS would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# How many reverse proxies stand in front of gunicorn, each appending to X-Forwarded-For (nginx:
# `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`). 0: the header is ignored and
# REMOTE_ADDR is the client. Too high a count lets a client choose its address; too low, the
# proxy's address stands for everyone.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more; got {TRUSTED_PROXY_COUNT}")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

PAGE_SIZE = envint("PAGE_SIZE", 25)
# Lists count the rows their filters keep up to this many, then say "more than …"
# (organizations.listing.CappedPaginator): an exact count would read every row.
LIST_COUNT_LIMIT = envint("LIST_COUNT_LIMIT", 1000)

# The portal's public address ("https://thiduakhenthuong.langson.gov.vn"), for the links printed on
# paper (the QR code of a certificate) and sent by e-mail. Empty: the address of the request.
PORTAL_URL = os.environ.get("PORTAL_URL", "").rstrip("/")

# Development and tests serve static files straight from the finders, without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

if TESTING:
    # Hashing cost is a production concern; tests create many logins.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Evidence and campaign documents: PDF, DOCX, XLSX and images, checked by content.
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
