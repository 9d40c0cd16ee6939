"""Settings for SOP Surat: one module, configured through environment variables.

See README.md ("Konfigurasi") for every variable and its default.
"""

import contextlib
import datetime
import os
import secrets
import tempfile
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ya"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Set by sop_surat/settings_tes.py, the test suite's settings module.
TESTING = env_bool("SOP_SURAT_TES")


def _local_secret_key(path: Path) -> str:
    """A stable random key kept beside the code, for development only (DEBUG or tests).

    `make run` starts several processes at once (server, worker, reminders), so the key is
    written atomically: the complete key goes to a temporary file in the same directory,
    which is then hard-linked into place. A link never replaces an existing file, so the
    first process to finish wins and every other one reads back the same key. Where the
    file system has no hard links, ``os.replace`` puts the file in place (still never a
    half-written key) and the key is read back from the file.
    """
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = ""
    if key:
        return key
    fd, temporary = tempfile.mkstemp(prefix=f"{path.name}.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            if not path.read_text().strip():  # left empty by an older, non-atomic version
                os.replace(temporary, path)
        except OSError:
            os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return path.read_text().strip()


if env_str("DJANGO_SECRET_KEY"):
    SECRET_KEY = env_str("DJANGO_SECRET_KEY")
elif DEBUG or TESTING:
    SECRET_KEY = _local_secret_key(BASE_DIR / ".secret_key")
else:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY belum diisi. Di produksi (DEBUG mati) isi variabel lingkungan "
        "DJANGO_SECRET_KEY dengan kunci acak yang panjang dan sama untuk semua proses "
        "(server, worker surel, pengingat), mis. hasil perintah: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))". '
        "Untuk pengembangan di komputer sendiri, jalankan dengan DEBUG=1 (make run)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "sop_surat.views_galat.csrf_gagal"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_prose_editor",
    "axes",
    "csp",
    # The project's apps, lowest floor first (docs/ARCHITECTURE.md).
    "organisasi",
    "letters",
    "tte",
    "approvals",
    "sop_surat.apps.SopSuratConfig",  # the deployment checks (sop_surat/checks.py)
    "django.forms",  # Django's form widget templates, after the project's (FORM_RENDERER)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Control characters in the address, oversized bodies: refused before any view.
    "sop_surat.middleware.BatasPermintaanMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sop_surat.urls"
# Form widgets are drawn with the templates of TEMPLATES, so that the project's own
# django/forms/widgets/select.html (sop_surat/templates) is used.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "sop_surat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],  # each app's templates/ (the shared pages: sop_surat/templates)
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "approvals.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production), otherwise an embedded SQLite file.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: the pages' queries are short, and a year's agenda is estimated
        # big enough for PostgreSQL to spend 15 ms compiling a query that runs in 40.
        # No parallel workers: starting them costs a page's query 3-5 ms, and on an app
        # server's few cores they take the CPU the other requests are waiting for.
        DATABASES["default"]["OPTIONS"] = {
            "options": env_str(
                "DATABASE_PG_OPTIONS", "-c jit=off -c max_parallel_workers_per_gather=0"
            ),
            **DATABASES["default"].get("OPTIONS", {}),
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # Every write transaction takes the write lock at BEGIN, so two
                # requests for a number are serialised instead of failing.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisasi.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "approvals:kotak_masuk"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
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
# Stored files (attachments, signed PDFs, scans, receipts, logos) in a private bucket of
# S3-compatible object storage (MinIO, Ceph, AWS S3) instead of MEDIA_ROOT, so that several
# app nodes share them (docs/DEPLOY.md). Never public: no object gets a public ACL and the
# pages never link to the bucket (only the admin's logo field shows a short-lived signed
# link); every file is served by the app's own views after the permission check. The keys
# may also come from boto3's own sources (AWS_ACCESS_KEY_ID…).
OBJECT_STORAGE_BUCKET = env_str("OBJECT_STORAGE_BUCKET")
OBJECT_STORAGE_ADDRESSING = env_str("OBJECT_STORAGE_ADDRESSING", "path").strip().lower()
if OBJECT_STORAGE_ADDRESSING not in {"path", "virtual", "auto"}:
    raise ImproperlyConfigured("OBJECT_STORAGE_ADDRESSING harus path, virtual, atau auto.")
if OBJECT_STORAGE_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": OBJECT_STORAGE_BUCKET,
            "endpoint_url": env_str("OBJECT_STORAGE_ENDPOINT") or None,
            "region_name": env_str("OBJECT_STORAGE_REGION") or None,
            "access_key": env_str("OBJECT_STORAGE_ACCESS_KEY") or None,
            "secret_key": env_str("OBJECT_STORAGE_SECRET_KEY") or None,
            # A server certificate from the office's own CA: the path of its bundle.
            "verify": env_str("OBJECT_STORAGE_CA_BUNDLE") or None,
            # MinIO and most self-hosted servers want http://host/bucket/key.
            "addressing_style": OBJECT_STORAGE_ADDRESSING,
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,  # as on disk: a name already taken gets a new one
            "max_memory_size": 5 * 1024 * 1024,  # a file read back beyond this goes to disk
        },
    }

# Uploads: attachments are PDF only and limited in size (megabytes).
LAMPIRAN_MAX_MB = env_int("LAMPIRAN_MAX_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body accepted at all (413 before it is read): one attachment and the
# form around it. Put the same limit in front of the app (nginx client_max_body_size).
MAKS_UNGGAH_MB = env_int("MAKS_UNGGAH_MB", LAMPIRAN_MAX_MB + 1)

# Password guessing (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair must wait AXES_COOLOFF_MINUTES. Locking the pair,
# not the username alone, keeps a guesser elsewhere from locking an official out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "organisasi.login.login_terkunci"
AXES_VERBOSE = False

# Content Security Policy: scripts only from this server (the editor's import map carries
# a per-request nonce), nothing from elsewhere. Styles may be inline because the letter
# editor (Tiptap) injects its base styles as <style> elements at run time.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
)
# On an HTTPS-only install: SECURE_SSL_REDIRECT=1 and SECURE_HSTS_SECONDS=31536000.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

# Background work (emails, reminders) through django-tasks' database backend; the
# worker is `manage.py db_worker`, which `make run` starts beside the server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An Agenda or Buku Ekspedisi with more rows than this is made by the worker (with a
# progress bar and a download link on the print page) instead of inside the request.
REGISTER_LATAR_BARIS = env_int("REGISTER_LATAR_BARIS", 1000)
# Reminders go out this many minutes after a step's mutu baku is exceeded.
PENGINGAT_TENGGANG_MENIT = env_int("PENGINGAT_TENGGANG_MENIT", 0)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sop-surat@localhost")

# Electronic signatures. SITE_URL is printed in the QR code of every signed letter.
# Required when DEBUG is off (system check sop_surat.E001): no silent local default there.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG or TESTING else "").rstrip("/")
BSRE_URL = env_str("BSRE_URL")
BSRE_USERNAME = env_str("BSRE_USERNAME")
BSRE_PASSWORD = env_str("BSRE_PASSWORD")
# RFC 3161 time-stamping authority for every electronic signature (BSrE's TSA in
# production). Empty: the demo TSA of the demo CA, in-process (NOT legally valid).
TSA_URL = env_str("TSA_URL")
# The API version a unit starts with (PengaturanTte.versi_api_bsre; v1 keeps old installs
# working), and the time one signature may take in all (status check + signing, in
# seconds): kept well below gunicorn's --timeout (60 s in the README).
BSRE_API_VERSI = env_str("BSRE_API_VERSI", "v1").strip().lower()
if BSRE_API_VERSI not in {"v1", "v2"}:
    raise ImproperlyConfigured("BSRE_API_VERSI harus v1 atau v2.")
BSRE_BATAS_WAKTU = float(env_str("BSRE_BATAS_WAKTU", "20"))
if not 0 < BSRE_BATAS_WAKTU < 60:
    raise ImproperlyConfigured("BSRE_BATAS_WAKTU harus lebih dari 0 dan kurang dari 60 detik.")
# After this many wrong passphrases in a row, a signer waits this many minutes.
TTE_BATAS_SALAH = env_int("TTE_BATAS_SALAH", 5)
TTE_TAHAN_MENIT = env_int("TTE_TAHAN_MENIT", 15)

# The demo office (manage.py muat_demo) refuses to run unless DEBUG is on.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "mojoanyar")


def _admins(value: str) -> list[tuple[str, str]]:
    """ADMINS="Nama <a@b.go.id>, Lain <c@d.go.id>" as Django's (name, address) pairs."""
    pairs = getaddresses([value]) if value.strip() else []
    for _name, address in pairs:
        if "@" not in address:
            raise ImproperlyConfigured(
                f"ADMINS tidak dapat dibaca: {value!r}. Tulis alamat surel penerima laporan "
                'galat dipisah koma, mis. ADMINS="Nama Admin <admin@kecamatan.go.id>, '
                'lain@kecamatan.go.id".'
            )
    return [(name or address, address) for name, address in pairs]


# Who receives an e-mail for every server error (HTTP 500), through EMAIL_* above.
ADMINS = _admins(env_str("ADMINS"))
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "waktu": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "filters": {"debug_mati": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "waktu"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["debug_mati"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own messages go to the console above once (with time and level); its
        # default handlers are replaced.
        "django": {"handlers": [], "level": "INFO"},
        # Errors while serving a page (HTTP 500) are also mailed to ADMINS, when set.
        "django.request": {"handlers": ["mail_admins"] if ADMINS else []},
        # An e-mail given up after a day of retries (approvals.outbox) reaches ADMINS too.
        "approvals.surel": {"handlers": ["mail_admins"] if ADMINS else []},
        # WeasyPrint reports every rendering step and every unsupported CSS rule at INFO/WARNING.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # django-axes logs every successful login at INFO; failures and holds still show.
        "axes": {"level": "WARNING"},
    },
}
