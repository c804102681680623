"""Settings come from the environment: safe defaults, and production refuses to run half-set.

Each case starts `wahana` in a fresh process with a controlled environment, as an IT officer
would, since settings are read once per process."""

import json
import os
import secrets
import subprocess
import sys

import pytest

PRODUCTION = {
    "WAHANA_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "wahana.example.go.id",
}
SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'DEBUG': s.DEBUG, 'ENGINE': s.DATABASES['default']['ENGINE'],"
    "'NAME': str(s.DATABASES['default']['NAME']), 'SESSION_COOKIE_SECURE': s.SESSION_COOKIE_SECURE,"
    "'CSRF_COOKIE_SECURE': s.CSRF_COOKIE_SECURE, 'SECURE_SSL_REDIRECT': s.SECURE_SSL_REDIRECT,"
    "'SECURE_HSTS_SECONDS': s.SECURE_HSTS_SECONDS, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS,"
    "'LANGUAGE_CODE': s.LANGUAGE_CODE}))"
)


def wahana(tmp_path, *args, **env):
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "WAHANA_DATA_DIR": str(tmp_path / "data"),
        "WAHANA_STATIC_ROOT": str(tmp_path / "static"),
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and module, fixed arguments
        [sys.executable, "-m", "wahana.manage", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_of(tmp_path, **env) -> dict:
    result = wahana(tmp_path, "shell", "-v", "0", "-c", SHOW, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_without_secret_key_refuses_to_start_with_a_clear_message(tmp_path):
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = wahana(tmp_path, "check", **env)
    assert result.returncode != 0
    assert result.stderr.strip() == "wahana: SECRET_KEY wajib diisi pada WAHANA_ENV=production."
    assert "Traceback" not in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = wahana(tmp_path, "check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_notice_a_weak_key(tmp_path):
    # The clean result above is meaningful: the same check flags a poor production key.
    result = wahana(tmp_path, "check", "--deploy", **{**PRODUCTION, "SECRET_KEY": "pendek"})
    assert "security.W009" in result.stdout + result.stderr


def test_development_defaults_are_safe_and_local(tmp_path):
    values = settings_of(tmp_path)
    assert values["DEBUG"] is False
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(tmp_path / "data" / "wahana.sqlite3")
    assert values["LANGUAGE_CODE"] == "id"
    assert (tmp_path / "data").is_dir()


def test_debug_only_when_asked(tmp_path):
    assert settings_of(tmp_path, WAHANA_DEBUG="1")["DEBUG"] is True
    assert settings_of(tmp_path, WAHANA_DEBUG="no")["DEBUG"] is False


def test_production_hardens_cookies_and_transport(tmp_path):
    values = settings_of(tmp_path, **PRODUCTION)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["ALLOWED_HOSTS"] == ["wahana.example.go.id"]


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        ("postgres://wahana@db.internal:5432/wahana", "django.db.backends.postgresql", "wahana"),
        (
            "sqlite:////srv/wahana/data.sqlite3",
            "django.db.backends.sqlite3",
            "/srv/wahana/data.sqlite3",
        ),
    ],
)
def test_database_url_chooses_the_database(tmp_path, url, engine, name):
    values = settings_of(tmp_path, DATABASE_URL=url)
    assert (values["ENGINE"], values["NAME"]) == (engine, name)
