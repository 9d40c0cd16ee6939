"""Production refuses to start half-configured; development keeps one stable key.

Each test runs the settings in a fresh process with exactly the environment given, as a
server, a worker or `manage.py` would start.
"""

import multiprocessing
import os
import re
import runpy
import shutil
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = "kunci-produksi-uji-Zx81qP0vL2mN7rT4yB6cD9fG3hJ5kW1sA8eU0iO2pQ4uY6"

# The environment of README, "Produksi dengan PostgreSQL" (DATABASE_URL is only parsed:
# the checks below do not connect to it).
PRODUCTION = {
    "DJANGO_SECRET_KEY": KEY,
    "ALLOWED_HOSTS": "surat.example.go.id",
    "SITE_URL": "https://surat.example.go.id",
    "BEHIND_HTTPS_PROXY": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "DATABASE_URL": "postgres://sop:sandi@127.0.0.1:5432/sop_surat",
    "MEDIA_ROOT": "/srv/sop-surat/media",
    "STATIC_ROOT": "/srv/sop-surat/static",
}


def _environment(settings: str = "sop_surat.settings", **variables) -> dict:
    """Only what is given: nothing leaks in from the test run (DEBUG, SOP_SURAT_TES, …)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": settings}
    env.update({k: v for k, v in variables.items() if v is not None})
    return env


def _python(code: str, env: dict, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings_copy(directory: Path) -> Path:
    """The settings module in a directory of its own: BASE_DIR (and .secret_key) is there."""
    package = directory / "sop_surat"
    package.mkdir()
    (package / "__init__.py").write_text("")
    return Path(shutil.copy(ROOT / "sop_surat" / "settings.py", package / "settings.py"))


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".secret_key"))


def test_production_without_a_secret_key_refuses_to_start_and_writes_no_key(tmp_path):
    _settings_copy(tmp_path)
    env = _environment(**{**PRODUCTION, "DJANGO_SECRET_KEY": None})
    result = _python("import sop_surat.settings", env, cwd=tmp_path)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY belum diisi" in result.stderr
    assert _leftovers(tmp_path) == []

    refused = _manage("check", env=env)  # the real manage.py: nothing starts
    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY belum diisi" in refused.stderr


def _development_key(settings: str, barrier, keys) -> None:
    """One of several processes starting at the same moment (server, worker, reminders)."""
    os.environ["DEBUG"] = "1"
    for name in ("DJANGO_SECRET_KEY", "SOP_SURAT_TES"):
        os.environ.pop(name, None)
    # Imported before the barrier, so that the race is about the key alone.
    import csp.constants  # noqa: F401
    import dj_database_url  # noqa: F401
    import django.core.exceptions
    import django.utils.translation  # noqa: F401

    barrier.wait()
    keys.put(runpy.run_path(settings)["SECRET_KEY"])


def _race(directory: Path) -> list[str]:
    """Four processes load the development settings at the same instant; their keys."""
    settings = str(_settings_copy(directory))
    context = multiprocessing.get_context("spawn")
    barrier, keys = context.Barrier(4), context.Queue()
    processes = [
        context.Process(target=_development_key, args=(settings, barrier, keys)) for _ in range(4)
    ]
    for process in processes:
        process.start()
    started = [keys.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    return started


def test_development_keeps_one_stable_key_even_when_four_processes_start_at_once(tmp_path):
    for round_ in range(3):  # a non-atomic write disagreed in about a third of single races
        directory = tmp_path / str(round_)
        directory.mkdir()
        started = _race(directory)
        key_file = directory / ".secret_key"
        assert len(set(started)) == 1, started
        assert started[0] == key_file.read_text().strip() and len(started[0]) >= 50
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert _leftovers(directory) == [".secret_key"]  # no temporary file left behind

    again = _python(
        "from sop_surat import settings; print(settings.SECRET_KEY)",
        _environment(DEBUG="1"),
        cwd=directory,
    )
    assert again.stdout.strip() == started[0]  # the next start keeps the key


def test_tests_are_recognised_by_their_settings_module_not_by_pytest_being_loaded():
    code = (
        "import pytest, django; django.setup(); from django.conf import settings; "
        f"print(settings.TESTING, repr(settings.SITE_URL), settings.SECRET_KEY == {KEY!r})"
    )
    production = _python(code, _environment(**{**PRODUCTION, "SITE_URL": None}))
    assert production.stdout.split() == ["False", "''", "True"]  # no 127.0.0.1 default

    tests = _python(code, _environment("sop_surat.settings_tes"))
    assert tests.returncode == 0, tests.stderr
    assert tests.stdout.split() == ["True", "'http://127.0.0.1:8000'", "False"]


def _issues(output: str) -> set[str]:
    return set(re.findall(r"\((\w+\.[EW]\d+)\)", output))


def test_check_deploy_with_the_production_environment_reports_only_optional_hsts_warnings():
    result = _manage("check", "--deploy", env=_environment(**PRODUCTION))
    assert result.returncode == 0, result.stderr
    assert _issues(result.stdout + result.stderr) == {"security.W005", "security.W021"}


def test_production_without_site_url_is_refused_with_a_clear_message():
    missing = _manage("check", env=_environment(**{**PRODUCTION, "SITE_URL": None}))
    assert missing.returncode != 0
    assert "sop_surat.E001" in missing.stderr and "SITE_URL belum diisi" in missing.stderr

    migrate = _manage("migrate", "--plan", env=_environment(**{**PRODUCTION, "SITE_URL": None}))
    assert migrate.returncode != 0 and "sop_surat.E001" in migrate.stderr

    malformed = _manage("check", env=_environment(**{**PRODUCTION, "SITE_URL": "surat.go.id"}))
    assert malformed.returncode != 0
    assert "sop_surat.E002" in malformed.stderr and "https://" in malformed.stderr

    development = _manage("check", env=_environment(DEBUG="1", DJANGO_SECRET_KEY=KEY))
    assert development.returncode == 0, development.stderr


def test_logs_carry_the_time_and_the_level():
    result = _python(
        "import django, logging; django.setup(); "
        "logging.getLogger('letters').warning('Surat 12 tidak dapat dikirim')",
        _environment(**PRODUCTION),
    )
    assert re.search(
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING letters: Surat 12 tidak dapat dikirim$",
        result.stderr,
        re.MULTILINE,
    ), result.stderr


SERVER_ERROR = (
    "import django, logging, json; django.setup(); from django.core import mail; "
    "logging.getLogger('django.request').error('Internal Server Error: /surat/', "
    "extra={'status_code': 500}); "
    "print(json.dumps([m.to for m in getattr(mail, 'outbox', [])]))"
)


def test_server_errors_are_mailed_to_the_admins_named_in_the_environment():
    env = _environment(
        **PRODUCTION,
        ADMINS="Admin Kecamatan <admin@mojoanyar.go.id>, tik@mojokertokab.go.id",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    result = _python(SERVER_ERROR, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '[["admin@mojoanyar.go.id", "tik@mojokertokab.go.id"]]'
    assert " ERROR django.request: Internal Server Error: /surat/" in result.stderr

    without = _python(SERVER_ERROR, {**env, "ADMINS": ""})
    assert without.stdout.strip() == "[]"

    garbled = _python(SERVER_ERROR, {**env, "ADMINS": "Admin Kecamatan"})
    assert garbled.returncode != 0
    assert "ADMINS tidak dapat dibaca" in garbled.stderr


def test_a_server_process_keeps_the_loaded_app_out_of_the_collectors_full_passes():
    """gunicorn's entry point (sop_surat.wsgi) loads the views with the URLconf and then
    freezes what loading made: otherwise a full pass of Python's collector every few dozen
    requests walks all of it, some 15 ms added to one page."""
    result = _python(
        "import sys, gc, sop_surat.wsgi; "
        "print(gc.get_freeze_count(), 'approvals.views_kotak_masuk' in sys.modules)",
        _environment(**PRODUCTION),
    )
    frozen, views_loaded = result.stdout.split()
    assert int(frozen) > 50_000, result.stderr
    assert views_loaded == "True"
