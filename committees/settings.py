"""Is this configuration safe to start with? Every problem named at once, before serving.

Web, worker and beat all build the app through `create_app`, which calls `enforce`: outside
development (`make run` sets APP_ENV=development) and the tests, a stopping problem ends the
process with one message that lists them all. Warnings are logged and shown in /healthz.
"""

import importlib.util
import itertools
import logging
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

log = logging.getLogger("opgaveudvalg.config")

MIN_KEY_LENGTH = 32
# Every key that has ever appeared in this repository (config defaults, tests, README examples):
# anyone can read them, so they sign nothing. tests/test_settings.py scans the repository for
# SECRET_KEY values and fails when one is missing here.
KNOWN_KEYS = frozenset(
    {
        "dev-only-change-me",
        "test-secret",
        "change-me",
        "changeme",
        "secret",
        "…",
    }
)
MASKED = (
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "MAIL_PASSWORD",
    "METRICS_TOKEN",
    "S3_SECRET_ACCESS_KEY",
)
# S3's rules for bucket names (MinIO and Ceph follow them): 3-63 of a-z 0-9 . -
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
LOOPBACK = ("localhost", "127.0.0.1", "::1")


EXIT_STATUS = 4  # gunicorn's "app failed to load": its master stops instead of respawning


class UnsafeConfiguration(SystemExit):
    """The process stops here with exit status 4, after printing every problem to stderr."""

    def __init__(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)
        super().__init__(EXIT_STATUS)
        self.text = text


@dataclass(frozen=True)
class Finding:
    """One problem: `stop` refuses to start, `warn` is logged and shown in /healthz."""

    level: str
    setting: str
    message: str

    def __str__(self) -> str:
        if self.message.startswith(self.setting):
            return self.message
        return f"{self.setting}: {self.message}"


def _key_findings(config: Mapping) -> list[Finding]:
    key = config.get("SECRET_KEY") or ""
    found = []
    if not key:
        found.append(Finding("stop", "SECRET_KEY", "missing: set a long random value"))
    elif key in KNOWN_KEYS:
        found.append(Finding("stop", "SECRET_KEY", "is a published key from the repository"))
    elif len(key) < MIN_KEY_LENGTH:
        found.append(
            Finding("stop", "SECRET_KEY", f"is {len(key)} characters; use {MIN_KEY_LENGTH}+")
        )
    for old in config.get("SECRET_KEY_FALLBACKS") or ():
        if old in KNOWN_KEYS:
            found.append(Finding("stop", "SECRET_KEY_FALLBACKS", "holds a published key"))
        elif len(old) < MIN_KEY_LENGTH:
            found.append(Finding("warn", "SECRET_KEY_FALLBACKS", "holds a key under 32 characters"))
    return found


def _url_findings(config: Mapping) -> list[Finding]:
    found = []
    public = urlsplit(config.get("PUBLIC_URL") or "")
    if public.scheme not in ("http", "https") or not public.netloc:
        found.append(Finding("stop", "PUBLIC_URL", "is not an http(s) address with a host"))
    try:
        make_url(config.get("SQLALCHEMY_DATABASE_URI") or "")
    except Exception:  # SQLAlchemy raises several kinds for a malformed URL
        found.append(Finding("stop", "DATABASE_URL", "is not a database URL"))
    broker = str(config.get("CELERY", {}).get("broker_url", ""))
    if urlsplit(broker).scheme not in ("redis", "rediss", "sqla+sqlite", "memory"):
        found.append(Finding("stop", "REDIS_URL", "is not a redis:// or rediss:// URL"))
    return found


OBSOLETE = ("MUNICIPALITY_NAME", "ACCESSIBILITY_STATEMENT_URL", "MUNICIPAL_CLOSING_DAYS")


def _obsolete_findings() -> list[Finding]:
    return [
        Finding("warn", name, "is no longer read: the municipality sets it in Opsætning")
        for name in OBSOLETE
        if os.environ.get(name)
    ]


def _production_findings(config: Mapping) -> list[Finding]:
    found = []
    public = urlsplit(config.get("PUBLIC_URL") or "")
    if public.scheme == "http":
        found.append(Finding("warn", "PUBLIC_URL", "is not https: links in e-mails go in clear"))
    elif public.scheme == "https" and not config.get("SESSION_COOKIE_SECURE"):
        found.append(
            Finding("warn", "SESSION_COOKIE_SECURE", "is off although PUBLIC_URL is https")
        )
    if not config.get("MAIL_SERVER"):
        found.append(
            Finding("warn", "MAIL_SERVER", "not set: e-mails are written as files, not sent")
        )
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        found.append(Finding("warn", "DATABASE_URL", "SQLite in production: use PostgreSQL"))
    return found


def _type_findings(config: Mapping) -> list[Finding]:
    from workflows.meetings.materials import KINDS

    unknown = [t for t in config.get("MATERIAL_ALLOWED_TYPES") or () if t not in KINDS]
    if unknown:
        known = ", ".join(sorted(KINDS))
        return [
            Finding(
                "stop",
                "MATERIAL_ALLOWED_TYPES",
                f"unknown type(s) {', '.join(unknown)}; known: {known}",
            )
        ]
    return []


def _s3_findings(config: Mapping) -> list[Finding]:
    """STORAGE_BACKEND=s3 needs a valid bucket, a usable endpoint and a whole key pair."""
    found = []
    bucket = config.get("S3_BUCKET") or ""
    if not bucket:
        found.append(Finding("stop", "S3_BUCKET", "missing: STORAGE_BACKEND=s3 needs a bucket"))
    elif not BUCKET_NAME.fullmatch(bucket):
        found.append(Finding("stop", "S3_BUCKET", f"{bucket!r} is not a valid bucket name"))
    endpoint = urlsplit(config.get("S3_ENDPOINT_URL") or "")
    if config.get("S3_ENDPOINT_URL") and (
        endpoint.scheme not in ("http", "https") or not endpoint.netloc
    ):
        found.append(Finding("stop", "S3_ENDPOINT_URL", "is not an http(s) address with a host"))
    key_id, secret = config.get("S3_ACCESS_KEY_ID"), config.get("S3_SECRET_ACCESS_KEY")
    if bool(key_id) != bool(secret):
        missing = "S3_SECRET_ACCESS_KEY" if key_id else "S3_ACCESS_KEY_ID"
        found.append(Finding("stop", missing, "missing: give both S3 keys or neither"))
    if importlib.util.find_spec("boto3") is None:
        found.append(Finding("stop", "STORAGE_BACKEND", "s3 needs boto3 (requirements.txt)"))
    return found


def _storage_findings(config: Mapping) -> list[Finding]:
    if config.get("STORAGE_BACKEND") == "s3":
        return _s3_findings(config)
    if config.get("S3_BUCKET"):
        return [Finding("warn", "S3_BUCKET", "is set, but STORAGE_BACKEND is local: not used")]
    return []


def _clear_endpoint(config: Mapping) -> list[Finding]:
    endpoint = urlsplit(config.get("S3_ENDPOINT_URL") or "")
    if config.get("STORAGE_BACKEND") != "s3" or endpoint.scheme != "http":
        return []
    if endpoint.hostname in LOOPBACK:
        return []
    return [Finding("warn", "S3_ENDPOINT_URL", "is not https: materials travel in clear")]


def review(config: Mapping) -> list[Finding]:
    """Every problem with this configuration, stopping ones first."""
    found = [
        Finding("stop", text.partition("=")[0].partition(":")[0].split()[0], text)
        for text in config.get("CONFIG_PARSE_PROBLEMS", ())
    ]
    found += _key_findings(config) + _url_findings(config) + _type_findings(config)
    found += _storage_findings(config) + _obsolete_findings()
    if config.get("APP_ENV") != "development" and not config.get("TESTING"):
        found += _production_findings(config) + _clear_endpoint(config)
    return sorted(found, key=lambda f: f.level != "stop")


def stopping(config: Mapping, findings: list[Finding]) -> list[Finding]:
    """The findings that refuse a start here (development may run on its generated key)."""
    if config.get("TESTING"):
        return []
    stops = [f for f in findings if f.level == "stop"]
    if config.get("APP_ENV") == "development":
        return [f for f in stops if f.setting not in ("SECRET_KEY", "SECRET_KEY_FALLBACKS")]
    return stops


def message(stops: list[Finding]) -> str:
    """The one message a refused start prints."""
    lines = "\n".join(f"  - {f}" for f in stops)
    return (
        f"Opgaveudvalg will not start: {len(stops)} problem(s) in the configuration\n{lines}\n"
        "Fix them in the environment (or the *_FILE secrets) and start again; "
        "`flask config check` lists the whole configuration."
    )


def _checking_config() -> bool:
    # `flask config check` must run on a configuration that would be refused, to list it; the
    # Flask CLI builds the app before it knows the command, so the command line is read here.
    args = sys.argv[1:]
    pairs = itertools.pairwise(args)
    return "flask" in Path(sys.argv[0]).name and ("config", "check") in pairs


def enforce(config: Mapping) -> list[Finding]:
    """Log the warnings; stop the process if a stopping problem applies here."""
    findings = review(config)
    stops = stopping(config, findings)
    if _checking_config():
        return findings  # the command prints them itself
    if stops:
        raise UnsafeConfiguration(message(stops))
    if not config.get("TESTING"):
        for f in findings:
            log.warning("configuration: %s", f)
    return findings


SECRET_QUERY = re.compile(r"((?:ssl)?password|passwd|pass|token|secret)=[^&]*", re.I)


def _mask_url(text: str) -> str:
    """A URL with everything between :// and the host's @ as ***, and no password in the
    query; any other text as it is (a password may hold / # ? @ unencoded)."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        return text
    if "@" in rest:
        rest = "***@" + rest.rsplit("@", 1)[1]
    return SECRET_QUERY.sub(lambda m: m.group(1) + "=***", f"{scheme}://{rest}")


def effective(config: Mapping) -> list[tuple[str, str]]:
    """(name, value) of every setting, secrets masked, for `flask config check`."""
    from config import Config

    rows = []
    for name in sorted(n for n in vars(Config) if n.isupper() and n != "CONFIG_PARSE_PROBLEMS"):
        value = config.get(name)
        if name == "CELERY":
            name, value = "broker_url", _mask_url(str(value.get("broker_url")))
        elif name in MASKED:
            value = "***" if value else "(not set)"
        rows.append((name, _mask_url(str(value))))
    return rows
