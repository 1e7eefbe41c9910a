"""Configuration from the environment, with an embedded default that needs no servers.

Every value is read through `Env`, which notes a value it cannot parse (and uses the default)
instead of raising: `committees.settings` then refuses to start with every problem named at
once, rather than a traceback at first use.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))
load_dotenv(BASE_DIR / ".env")

# Secrets may come from a file instead (NAME_FILE): container and Kubernetes secrets.
SECRET_SETTINGS = (
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "DATABASE_URL",
    "REDIS_URL",
    "MAIL_PASSWORD",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
)
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class Env:
    """Reads settings from a mapping; a value it cannot parse is noted in `problems`."""

    def __init__(self, environ: os._Environ | dict) -> None:
        self.environ = environ
        self.problems: list[str] = []

    def raw(self, name: str) -> str | None:
        """The value of NAME, or the content of the file NAME_FILE names (secrets)."""
        value = self.environ.get(name)
        path = self.environ.get(f"{name}_FILE") if name in SECRET_SETTINGS else None
        if path and value:
            self.problems.append(f"{name} and {name}_FILE are both set: keep one")
        if path and not value:
            try:
                return Path(path).read_text(encoding="utf-8").strip()
            except OSError as exc:
                self.problems.append(f"{name}_FILE: cannot read {path} ({exc.strerror})")
                return None
        return value

    def str(self, name: str, default: str = "") -> str:
        value = self.raw(name)
        return default if value is None else value.strip()

    def int(self, name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
        value = self.str(name)
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            self.problems.append(f"{name}={value!r} is not a whole number")
            return default
        if number < minimum or (maximum is not None and number > maximum):
            upper = f"..{maximum}" if maximum is not None else " or more"
            self.problems.append(f"{name}={number} is outside {minimum}{upper}")
            return default
        return number

    def port(self, name: str, default: int) -> int:
        return self.int(name, default, minimum=1, maximum=65535)

    def bool(self, name: str, default: bool = False) -> bool:
        value = self.str(name).lower()
        if not value:
            return default
        if value in TRUE_WORDS | FALSE_WORDS:
            return value in TRUE_WORDS
        self.problems.append(f"{name}={value!r} is not true or false")
        return default

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.str(name, default).lower() or default
        if value in choices:
            return value
        self.problems.append(f"{name}={value!r} is not one of {', '.join(choices)}")
        return default

    def list(self, name: str, default: str = "") -> tuple[str, ...]:
        value = self.raw(name)
        text = default if value is None else value
        return tuple(item.strip() for item in text.replace("\n", ",").split(",") if item.strip())

    def months(self, name: str, default: str) -> tuple[int, ...]:
        items = self.list(name, default)
        if all(i.isdigit() and 1 <= int(i) <= 120 for i in items) and items:
            return tuple(sorted({int(i) for i in items}))
        self.problems.append(f"{name}={','.join(items)!r} is not a list of months (1..120)")
        return tuple(int(i) for i in default.split(","))

    def time_of_day(self, name: str, default: str) -> str:
        value = self.str(name, default)
        hh, sep, mm = value.partition(":")
        if sep and hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60 and len(mm) == 2:
            return f"{int(hh):02d}:{mm}"
        self.problems.append(f"{name}={value!r} is not a time of day (HH:MM)")
        return default

    def rate_limit(self, name: str, default: str) -> str:
        from limits import parse_many

        value = self.str(name, default)
        try:
            parse_many(value)
        except ValueError:
            self.problems.append(f"{name}={value!r} is not a rate limit (e.g. '5 per minute')")
            return default
        return value


ENV = Env(os.environ)
# `make run` says APP_ENV=development; anything else is a real installation.
APP_ENV = ENV.str("APP_ENV", "production").lower()
HEARTBEAT_INTERVAL_SECONDS = ENV.int("HEARTBEAT_INTERVAL_SECONDS", 60, minimum=1)
SWEEP_INTERVAL_SECONDS = ENV.int("SWEEP_INTERVAL_SECONDS", 60, minimum=1)


def _development_key() -> str:
    """A random key kept in instance/ for development, so no published key ever signs links."""
    path = INSTANCE_DIR / "development-secret-key"
    try:
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def _secret_key() -> str:
    key = ENV.str("SECRET_KEY")
    if not key and APP_ENV == "development":
        return _development_key()
    return key


def _database_url() -> str:
    url = ENV.str("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'opgaveudvalg.sqlite'}"
    # Heroku-style URLs name the old driver; we use psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


REDIS_URL = ENV.str("REDIS_URL")


def _broker_url() -> str:
    return REDIS_URL or f"sqla+sqlite:///{INSTANCE_DIR / 'celery-broker.sqlite'}"


class Config:
    """Production-shaped settings; every value can be set from the environment."""

    APP_ENV = APP_ENV
    SECRET_KEY = _secret_key()
    # Old keys still accepted (newest first or last, any order): sessions and our own links.
    SECRET_KEY_FALLBACKS = list(ENV.list("SECRET_KEY_FALLBACKS"))
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = ENV.bool("SESSION_COOKIE_SECURE")
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None  # a long mandate edit must not expire mid-way
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = ENV.rate_limit("LOGIN_RATE_LIMIT", "5 per minute")
    INVITATION_MAX_AGE = timedelta(days=14)
    RESET_MAX_AGE = timedelta(hours=2)
    FIRST_LINK_MAX_AGE = timedelta(hours=24)  # the link `flask setup` prints
    PUBLIC_URL = ENV.str("PUBLIC_URL", "http://127.0.0.1:5000")
    PORT = ENV.port("PORT", 5000)  # what `make run` (and the Procfile) binds to
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted (0: none).
    PROXY_COUNT = ENV.int("PROXY_COUNT", 0, maximum=5)
    MAIL_SERVER = ENV.str("MAIL_SERVER")
    MAIL_PORT = ENV.port("MAIL_PORT", 25)
    MAIL_USERNAME = ENV.str("MAIL_USERNAME")
    MAIL_PASSWORD = ENV.str("MAIL_PASSWORD")
    MAIL_USE_TLS = ENV.bool("MAIL_USE_TLS")
    MAIL_SENDER = ENV.str("MAIL_SENDER", "opgaveudvalg@solbjerg.example")
    # How long to wait for the relay to answer before the attempt counts as failed.
    MAIL_TIMEOUT_SECONDS = ENV.int("MAIL_TIMEOUT_SECONDS", 15, minimum=1, maximum=300)
    MAIL_OUTBOX_DIR = str(INSTANCE_DIR / "outbox")
    PER_PAGE = 20
    HEARTBEAT_INTERVAL_SECONDS = HEARTBEAT_INTERVAL_SECONDS
    SWEEP_INTERVAL_SECONDS = SWEEP_INTERVAL_SECONDS
    NOTICE_STUCK_SECONDS = ENV.int("NOTICE_STUCK_SECONDS", 300, minimum=1)
    NOTICE_MAX_ATTEMPTS = ENV.int("NOTICE_MAX_ATTEMPTS", 5, minimum=1)
    NOTICE_RETRY_BASE_SECONDS = ENV.int("NOTICE_RETRY_BASE_SECONDS", 60, minimum=1)
    # Recruitment: staff are warned N working days before a call closes; applications per
    # address per day; declined and reserve applications are erased N days after the decision.
    RECRUITMENT_DEADLINE_WARNING_DAYS = ENV.int("RECRUITMENT_DEADLINE_WARNING_DAYS", 2)
    RECRUITMENT_MAX_PER_EMAIL_PER_DAY = ENV.int("RECRUITMENT_MAX_PER_EMAIL_PER_DAY", 5, minimum=1)
    RECRUITMENT_RETENTION_DAYS = ENV.int("RECRUITMENT_RETENTION_DAYS", 90)
    # Meetings: materials (bilag) are stored outside static/ and served only through a view.
    UPLOAD_FOLDER = ENV.str("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    # Where those files live: `local` (UPLOAD_FOLDER, one machine or a shared volume) or `s3`
    # (a bucket every web machine reaches: AWS S3, or MinIO/Ceph at S3_ENDPOINT_URL).
    STORAGE_BACKEND = ENV.choice("STORAGE_BACKEND", "local", ("local", "s3"))
    S3_BUCKET = ENV.str("S3_BUCKET")
    S3_ENDPOINT_URL = ENV.str("S3_ENDPOINT_URL")  # empty: AWS
    S3_REGION = ENV.str("S3_REGION")
    S3_ACCESS_KEY_ID = ENV.str("S3_ACCESS_KEY_ID")  # empty: boto3's own chain (IAM role, …)
    S3_SECRET_ACCESS_KEY = ENV.str("S3_SECRET_ACCESS_KEY")
    S3_PREFIX = ENV.str("S3_PREFIX")
    MATERIAL_MAX_BYTES = ENV.int("MATERIAL_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
    # A .docx/.xlsx/.pptx/.odt is a zip: refuse one that unpacks to more than this (zip bomb).
    MATERIAL_MAX_UNPACKED_BYTES = ENV.int(
        "MATERIAL_MAX_UNPACKED_BYTES", 200 * 1024 * 1024, minimum=1
    )
    # Empty: every supported type (pdf, docx, xlsx, pptx, odt, ods, odp, png, jpg, gif, webp).
    MATERIAL_ALLOWED_TYPES = tuple(t.lower() for t in ENV.list("MATERIAL_ALLOWED_TYPES"))
    # A zip member over 1 MB compressed more than this ratio is refused (zip bomb).
    MATERIAL_MAX_ZIP_RATIO = ENV.int("MATERIAL_MAX_ZIP_RATIO", 200, minimum=1)
    # Calendar alarm, minutes before a meeting starts.
    CALENDAR_ALARM_MINUTES = ENV.int("CALENDAR_ALARM_MINUTES", 60)
    # Threads per sweep, each with its own SMTP connection (overlaps waiting for the relay).
    NOTICE_SWEEP_WORKERS = ENV.int("NOTICE_SWEEP_WORKERS", 2, minimum=1, maximum=64)
    DIGEST_LOCAL_TIME = ENV.time_of_day("DIGEST_LOCAL_TIME", "07:00")
    REMINDER_LOCAL_TIME = ENV.time_of_day("REMINDER_LOCAL_TIME", "08:00")
    # Recommendations (issue 6). Follow-up reviews, in months after the final decision.
    FOLLOW_UP_MONTHS = ENV.months("FOLLOW_UP_MONTHS", "3,6,12")
    # Lead times for the handover, in working days (DOMAIN.md: the standing committee 2-3 weeks
    # before the council, the finance committee the week before; the administration needs time
    # from handover to the standing committee's agenda).
    HANDOVER_LEAD_STANDING_DAYS = ENV.int("HANDOVER_LEAD_STANDING_DAYS", 10)
    HANDOVER_LEAD_FINANCE_DAYS = ENV.int("HANDOVER_LEAD_FINANCE_DAYS", 5)
    HANDOVER_LEAD_CASE_DAYS = ENV.int("HANDOVER_LEAD_CASE_DAYS", 10)
    # Members' comment window on a draft recommendation, in working days.
    COMMENT_WINDOW_DAYS = ENV.int("COMMENT_WINDOW_DAYS", 5, minimum=1)
    # "What became of our recommendations": a digest per committee every N days.
    RECOMMENDATIONS_DIGEST_DAYS = ENV.int("RECOMMENDATIONS_DIGEST_DAYS", 30, minimum=1)
    # Requests to follow by e-mail, per address and 24 hours.
    FOLLOW_MAX_PER_EMAIL_PER_DAY = ENV.int("FOLLOW_MAX_PER_EMAIL_PER_DAY", 5, minimum=1)
    # TrueType fonts for the report PDF (Debian: fonts-dejavu-core); without them the PDF uses
    # the built-in Helvetica and replaces characters outside Latin-1.
    PDF_FONT_DIR = ENV.str("PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
    # What the reader above could not parse; committees.settings refuses to start on them.
    CONFIG_PARSE_PROBLEMS = tuple(ENV.problems)
    CELERY = {
        "broker_url": _broker_url(),
        "task_ignore_result": True,
        "timezone": "UTC",
        "enable_utc": True,
        "broker_connection_retry_on_startup": True,
        "worker_prefetch_multiplier": 1,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "broker_transport_options": {"max_retries": 2, "interval_start": 0, "interval_step": 1},
        "beat_schedule": {
            "heartbeat": {
                "task": "tasks.heartbeat.record_heartbeat",
                "schedule": timedelta(seconds=HEARTBEAT_INTERVAL_SECONDS),
            },
            # Delivers whatever the after-commit tasks missed (lost task, dead worker, Redis down).
            "notices-sweep": {
                "task": "tasks.notices.sweep",
                "schedule": timedelta(seconds=SWEEP_INTERVAL_SECONDS),
            },
            # A call closes by itself at its deadline (within a minute).
            "recruitment-close-calls": {
                "task": "tasks.recruitment.close_due_calls",
                "schedule": timedelta(seconds=SWEEP_INTERVAL_SECONDS),
            },
            "recruitment-erase": {
                "task": "tasks.recruitment.erase_expired",
                "schedule": timedelta(hours=6),
            },
            # Minutes under the deadline rule are approved when their deadline has passed.
            "meetings-minutes-deadlines": {
                "task": "tasks.meetings.close_due_approvals",
                "schedule": timedelta(minutes=5),
            },
            # "What became of our recommendations": per committee, every N days (safe twice).
            "recommendations-digest": {
                "task": "tasks.recommendations.send_committee_digests",
                "schedule": timedelta(hours=1),
            },
            # Digests are due at a local time; checking every five minutes sends them on time.
            "notices-digests": {
                "task": "tasks.notices.send_digests",
                "schedule": timedelta(minutes=5),
            },
            # Handover and action reminders are planned when things change; this catches the
            # committees nothing has re-planned (after a release, or a policy change). Safe twice.
            "recommendations-deadline-reminders": {
                "task": "tasks.recommendations.plan_deadline_reminders",
                "schedule": timedelta(hours=6),
            },
        },
    }


class TestConfig(Config):
    """Settings for the test suite: a throwaway database, no CSRF in unit tests."""

    TESTING = True
    SECRET_KEY = "test-secret"
    SECRET_KEY_FALLBACKS: list = []
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    PASSWORD_HASH_FAST = True
    # One sweep thread, so e-mails reach the test's SMTP sink in due order. The threaded sweep
    # runs in the integration tests' subprocesses (two sweepers at once, worker killed).
    NOTICE_SWEEP_WORKERS = 1
    SERVER_NAME = None
    STORAGE_BACKEND = "local"  # the S3 tests say so themselves
