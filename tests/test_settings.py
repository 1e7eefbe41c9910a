"""Safe configuration or no start: parsing, the key rules, warnings, and every entry point."""

import hashlib
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from itsdangerous import URLSafeTimedSerializer

from committees import settings, signing
from committees.models import DeliveryMode, Role
from config import Env, TestConfig
from tests.conftest import ROOT
from tests.test_recruitment_workflow import (  # noqa: F401 (recruiting is a fixture)
    application_data,
    call_data,
    recruiting,
)
from workflows import accounts, recruitment
from workflows.recommendations import follows

BIN = Path(sys.executable).parent
GOOD_KEY = "k" * 20 + secrets.token_urlsafe(24)


# --- reading the environment -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name", "value", "args", "expected"),
    [
        ("int", "N", "12", (5,), 12),
        ("int", "N", "", (5,), 5),
        ("port", "P", "587", (25,), 587),
        ("bool", "B", "TRUE", (False,), True),
        ("bool", "B", "off", (True,), False),
        ("months", "M", "12, 3,6", ("3,6,12",), (3, 6, 12)),
        ("time_of_day", "T", "7:05", ("08:00",), "07:05"),
        ("rate_limit", "R", "10 per minute;100/hour", ("5 per minute",), "10 per minute;100/hour"),
    ],
)
def test_good_values_are_read(method, name, value, args, expected):
    env = Env({name: value})
    assert getattr(env, method)(name, *args) == expected and env.problems == []


@pytest.mark.parametrize(
    ("method", "value", "args", "default", "says"),
    [
        ("int", "twelve", (5,), 5, "not a whole number"),
        ("int", "-3", (5,), 5, "outside"),
        ("port", "70000", (25,), 25, "outside 1..65535"),
        ("port", "smtp", (25,), 25, "not a whole number"),
        ("bool", "maybe", (False,), False, "not true or false"),
        ("months", "3,x,12", ("3,6,12",), (3, 6, 12), "not a list of months"),
        ("months", "0", ("3,6,12",), (3, 6, 12), "not a list of months"),
        ("time_of_day", "25:00", ("08:00",), "08:00", "not a time of day"),
        ("time_of_day", "8", ("08:00",), "08:00", "not a time of day"),
        ("rate_limit", "lots", ("5 per minute",), "5 per minute", "not a rate limit"),
    ],
)
def test_a_value_that_cannot_be_parsed_is_named_and_the_default_kept(
    method, value, args, default, says
):
    env = Env({"X": value})
    assert getattr(env, method)("X", *args) == default
    assert len(env.problems) == 1 and says in env.problems[0] and "X" in env.problems[0]


def test_secrets_come_from_files(tmp_path):
    (tmp_path / "key").write_text(GOOD_KEY + "\n")
    env = Env({"SECRET_KEY_FILE": str(tmp_path / "key"), "MAIL_PASSWORD_FILE": "/nonexistent"})
    assert env.str("SECRET_KEY") == GOOD_KEY
    assert env.str("MAIL_PASSWORD") == "" and "cannot read /nonexistent" in env.problems[0]
    both = Env({"DATABASE_URL": "sqlite://", "DATABASE_URL_FILE": str(tmp_path / "key")})
    both.str("DATABASE_URL")
    assert "both set" in both.problems[0]
    # Only secrets read files: MUNICIPALITY_NAME_FILE means nothing.
    assert Env({"MAIL_SERVER_FILE": str(tmp_path / "key")}).str("MAIL_SERVER") == ""


# --- the review -------------------------------------------------------------------------------


def _config(**values) -> dict:
    base = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    base.update(
        TESTING=False,
        APP_ENV="production",
        SECRET_KEY=GOOD_KEY,
        PUBLIC_URL="https://udvalg.example.dk",
        SESSION_COOKIE_SECURE=True,
        MAIL_SERVER="smtp.example.dk",
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://u:p@db/x",
        CONFIG_PARSE_PROBLEMS=(),
    )
    base.update(values)
    return base


def _said(config: dict) -> dict[str, list[str]]:
    found = settings.review(config)
    stops = settings.stopping(config, found)
    return {
        "stop": [f.setting for f in stops],
        "warn": [f.setting for f in found if f.level == "warn"],
    }


def test_a_safe_production_configuration_has_nothing_to_say():
    assert _said(_config()) == {"stop": [], "warn": []}


@pytest.mark.parametrize(
    "key", ["", "dev-only-change-me", "test-secret", "x" * 31, *sorted(settings.KNOWN_KEYS)]
)
def test_a_missing_published_or_short_key_stops(key):
    assert _said(_config(SECRET_KEY=key))["stop"] == ["SECRET_KEY"]


def test_a_published_fallback_stops_and_a_short_one_warns():
    said = _said(_config(SECRET_KEY_FALLBACKS=["dev-only-change-me", "short-old-key"]))
    assert said == {"stop": ["SECRET_KEY_FALLBACKS"], "warn": ["SECRET_KEY_FALLBACKS"]}


def test_every_problem_is_listed_at_once():
    config = _config(
        SECRET_KEY="",
        CONFIG_PARSE_PROBLEMS=("MAIL_PORT='x' is not a whole number", "FOLLOW_UP_MONTHS='a' …"),
        MATERIAL_ALLOWED_TYPES=("pdf", "exe"),
        PUBLIC_URL="udvalg.example.dk",
    )
    stops = _said(config)["stop"]
    assert sorted(stops) == sorted(
        ["MAIL_PORT", "FOLLOW_UP_MONTHS", "SECRET_KEY", "MATERIAL_ALLOWED_TYPES", "PUBLIC_URL"]
    )
    text = settings.message(settings.stopping(config, settings.review(config)))
    assert "5 problem(s)" in text and "exe" in text and "flask config check" in text


@pytest.mark.parametrize(
    ("values", "warned"),
    [
        ({"PUBLIC_URL": "http://udvalg.example.dk"}, ["PUBLIC_URL"]),
        ({"SESSION_COOKIE_SECURE": False}, ["SESSION_COOKIE_SECURE"]),
        ({"MAIL_SERVER": ""}, ["MAIL_SERVER"]),
        ({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.sqlite"}, ["DATABASE_URL"]),
    ],
)
def test_loud_warnings_do_not_stop(values, warned):
    assert _said(_config(**values)) == {"stop": [], "warn": warned}


def test_development_runs_on_its_own_key_but_not_on_garbage():
    said = _said(_config(APP_ENV="development", SECRET_KEY="dev-only-change-me"))
    assert said["stop"] == []
    dev = _config(APP_ENV="development", CONFIG_PARSE_PROBLEMS=("MAIL_PORT='x' is not …",))
    assert _said(dev)["stop"] == ["MAIL_PORT"]


def test_the_tests_never_stop():
    assert _said(_config(TESTING=True, SECRET_KEY=""))["stop"] == []


QUOTED_KEY = re.compile(r"SECRET_KEY(?:_FALLBACKS)?\s*[=:]\s*[\"']([^\"']+)[\"']")
SHELL_KEY = re.compile(r"SECRET_KEY(?:_FALLBACKS)?=([^\s\"'$]+)")


def test_every_key_in_the_repository_is_refused():
    """Derived from the files, not listed: a key written in the repository signs nothing."""
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = set()
    for name in tracked:
        path = ROOT / name
        if not path.is_file() or path.suffix in {".png", ".svg", ".woff2", ".mo"}:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found |= set(QUOTED_KEY.findall(text))
        if path.suffix != ".py":  # shell lines in the docs, Makefile, CI script, .env examples
            found |= set(SHELL_KEY.findall(text))
    assert "test-secret" in found, "the scan missed TestConfig's key: the pattern is broken"
    assert found <= settings.KNOWN_KEYS, found - settings.KNOWN_KEYS


# --- every entry point refuses -----------------------------------------------------------------


def _unsafe_env(tmp_path: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "APP_ENV"}}
    env.update(INSTANCE_PATH=str(tmp_path), MAIL_PORT="smtp", DATABASE_URL="", REDIS_URL="")
    env.update(extra)
    return env


ENTRY_POINTS = {
    "web": [str(BIN / "gunicorn"), "--bind", "127.0.0.1:0", "wsgi:app"],
    "worker": [str(BIN / "celery"), "-A", "wsgi.celery_app", "worker", "--pool=solo"],
    "beat": [str(BIN / "celery"), "-A", "wsgi.celery_app", "beat"],
    "cli": [str(BIN / "flask"), "--app", "wsgi:app", "db", "upgrade"],
}


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_every_process_refuses_an_unsafe_start_with_every_problem(entry, tmp_path):
    out = subprocess.run(
        ENTRY_POINTS[entry],
        cwd=ROOT,
        env=_unsafe_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == settings.EXIT_STATUS, out.stderr[-2000:]
    said = out.stderr
    assert "will not start: 2 problem(s)" in said, said[-2000:]
    assert "SECRET_KEY: missing" in said and "MAIL_PORT='smtp' is not a whole number" in said
    assert "Traceback" not in said


def test_config_check_lists_everything_with_secrets_masked(tmp_path):
    password = "hemmeligt-" + secrets.token_hex(8)
    env = _unsafe_env(
        tmp_path,
        MAIL_PORT="587",
        SECRET_KEY="test-secret",
        MAIL_PASSWORD=password,
        REDIS_URL=f"redis://:{password}@127.0.0.1:6379/0",
    )
    out = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi:app", "config", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1, out.stderr
    assert password not in out.stdout + out.stderr and "test-secret" not in out.stdout
    assert re.search(r"MAIL_PASSWORD\s+\*\*\*", out.stdout)
    assert "redis://***@127.0.0.1:6379/0" in out.stdout
    assert re.search(r"MAIL_PORT\s+587", out.stdout)
    assert "STOP: SECRET_KEY: is a published key" in out.stdout
    assert "warn: MAIL_SERVER" in out.stdout


def test_development_generates_one_key_and_keeps_it(tmp_path):
    code = "from config import Config; print(Config.SECRET_KEY)"
    env = _unsafe_env(tmp_path, APP_ENV="development", MAIL_PORT="25")
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    again = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    key = first.stdout.strip()
    assert len(key) >= 48 and key == again.stdout.strip() and key not in settings.KNOWN_KEYS
    assert (tmp_path / "development-secret-key").stat().st_mode & 0o077 == 0


def test_make_run_says_it_is_development():
    assert re.search(r"^run: export APP_ENV = development$", (ROOT / "Makefile").read_text(), re.M)


# --- signed links: rotation and defence in depth -----------------------------------------------


def _rotate(app) -> None:
    app.config["SECRET_KEY_FALLBACKS"] = [app.config["SECRET_KEY"]]
    app.config["SECRET_KEY"] = secrets.token_urlsafe(40)


def test_every_link_we_sign_survives_a_key_rotation(app, db, make_user, make_committee):
    user = make_user(Role.citizen, password=None)
    follow = follows.follow_by_email(make_committee(), "f@example.dk", "da", DeliveryMode.immediate)
    with app.test_request_context():
        invite = accounts.make_token(user, accounts.INVITE)
        confirm = follows.confirm_token(follow)
        _rotate(app)
        assert accounts.load_token(invite, accounts.INVITE) == user
        assert follows.by_confirm_token(confirm) == follow
        app.config["SECRET_KEY_FALLBACKS"] = []  # the old key retired: its links are dead
        assert accounts.load_token(invite, accounts.INVITE) is None
        assert follows.by_confirm_token(confirm) is None


def test_the_signing_key_alone_forges_no_account_link(app, db, make_user):
    """The attack of the issue: a published key signed a valid invitation for any account."""
    user = make_user(Role.citizen, password=None)
    key = app.config["SECRET_KEY"]
    old_fp = hashlib.sha256(b"none").hexdigest()[:16]  # what the fingerprint used to be
    with app.test_request_context():
        for purpose in (accounts.INVITE, accounts.RESET):
            s = URLSafeTimedSerializer(key, salt=f"account-{purpose}")
            for fp in (old_fp, signing.bind("", purpose, user.id, "none")):
                assert accounts.load_token(s.dumps({"uid": user.id, "fp": fp}), purpose) is None
        assert accounts.load_token(accounts.make_token(user, accounts.INVITE), "invite") == user


def test_setting_a_password_kills_every_other_open_link(app, db, make_user):
    user = make_user(Role.citizen)
    with app.test_request_context():
        reset = accounts.make_token(user, accounts.RESET)
        secret = user.link_secret
        accounts.set_password(user, "en helt ny adgangskode")
        assert user.link_secret != secret
        assert accounts.load_token(reset, accounts.RESET) is None


def test_application_links_bind_the_application_secret(app, db, recruiting):  # noqa: F811
    staff, c = recruiting
    call = recruitment.open_call(c, call_data(c), staff)
    a = recruitment.apply(call, application_data())
    with app.test_request_context():
        token = recruitment.token_for(a, recruitment.CONFIRM)
        _rotate(app)
        assert recruitment.load_application(token, recruitment.CONFIRM) == a
        forged = signing.serializer(recruitment.CONFIRM).dumps([a.id, a.created_at.isoformat()])
        assert recruitment.load_application(forged, recruitment.CONFIRM) is None


def _address_seen(count: int, tmp_path) -> str:
    from flask import request

    from committees import create_app

    class Cfg(TestConfig):
        PROXY_COUNT = count
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.sqlite'}"

    app = create_app(Cfg)
    app.add_url_rule("/ip", "ip", lambda: request.remote_addr)
    resp = app.test_client().get(
        "/ip",
        headers={"X-Forwarded-For": "203.0.113.7"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    return resp.get_data(as_text=True)


def test_the_client_address_comes_from_the_proxy_only_when_configured(tmp_path):
    assert _address_seen(0, tmp_path) == "127.0.0.1"  # a forged header is not believed
    assert _address_seen(1, tmp_path) == "203.0.113.7"


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("postgresql+psycopg://app:s3cr/et@db/opg", "s3cr/et"),
        ("postgresql+psycopg://app:s3c#ret@db/opg", "s3c#ret"),
        ("redis://:pa?ss@redis/0", "pa?ss"),
        ("postgresql+psycopg://db/opg?user=app&password=hemmelig", "hemmelig"),
        ("redis://user:p@ss@host:6379/0", "p@ss"),
    ],
)
def test_no_password_survives_the_masking(url, secret):
    assert secret not in settings._mask_url(url)


def test_healthz_tells_the_public_how_many_warnings_and_staff_which(client, app, make_user, login):
    from committees.models import Role

    app.config["CONFIG_FINDINGS"] = settings.review(_config(MAIL_SERVER=""))
    assert client.get("/healthz").get_json()["configuration_warnings"] == 1
    login(make_user(Role.secretariat))
    assert client.get("/healthz").get_json()["configuration_warnings"] == [
        "MAIL_SERVER: not set: e-mails are written as files, not sent"
    ]


def test_the_old_municipality_variables_are_named_as_no_longer_read(monkeypatch):
    monkeypatch.setenv("MUNICIPALITY_NAME", "Gentofte Kommune")
    assert "MUNICIPALITY_NAME" in _said(_config())["warn"]
