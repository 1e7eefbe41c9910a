"""Configuration from the environment, with an embedded default that needs no servers."""

import os
from datetime import timedelta
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))
load_dotenv(BASE_DIR / ".env")

HEARTBEAT_INTERVAL_SECONDS = int(os.environ.get("HEARTBEAT_INTERVAL_SECONDS", "60"))
SWEEP_INTERVAL_SECONDS = int(os.environ.get("SWEEP_INTERVAL_SECONDS", "60"))


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'opgaveudvalg.sqlite'}"
    # Heroku-style URLs name the old driver; we use psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _broker_url() -> str:
    return os.environ.get("REDIS_URL") or f"sqla+sqlite:///{INSTANCE_DIR / 'celery-broker.sqlite'}"


def _bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Production-shaped settings; every value can be set from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "Solbjerg Kommune")
    ACCESSIBILITY_STATEMENT_URL = os.environ.get(
        "ACCESSIBILITY_STATEMENT_URL", "https://www.was.digst.dk/"
    )
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE")
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None  # a long mandate edit must not expire mid-way
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "5 per minute")
    INVITATION_MAX_AGE = timedelta(days=14)
    RESET_MAX_AGE = timedelta(hours=2)
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "opgaveudvalg@solbjerg.example")
    MAIL_OUTBOX_DIR = str(INSTANCE_DIR / "outbox")
    PER_PAGE = 20
    # Days the municipality is closed besides weekends and public holidays, as "MM-DD" pairs.
    MUNICIPAL_CLOSING_DAYS = tuple(
        (int(m), int(d))
        for m, d in (
            item.strip().split("-")
            for item in os.environ.get("MUNICIPAL_CLOSING_DAYS", "12-24,12-31").split(",")
            if item.strip()
        )
    )
    HEARTBEAT_INTERVAL_SECONDS = HEARTBEAT_INTERVAL_SECONDS
    SWEEP_INTERVAL_SECONDS = SWEEP_INTERVAL_SECONDS
    NOTICE_STUCK_SECONDS = int(os.environ.get("NOTICE_STUCK_SECONDS", "300"))
    NOTICE_MAX_ATTEMPTS = int(os.environ.get("NOTICE_MAX_ATTEMPTS", "5"))
    NOTICE_RETRY_BASE_SECONDS = int(os.environ.get("NOTICE_RETRY_BASE_SECONDS", "60"))
    # Recruitment: staff are warned N working days before a call closes; applications per
    # address per day; declined and reserve applications are erased N days after the decision.
    RECRUITMENT_DEADLINE_WARNING_DAYS = int(
        os.environ.get("RECRUITMENT_DEADLINE_WARNING_DAYS", "2")
    )
    RECRUITMENT_MAX_PER_EMAIL_PER_DAY = int(
        os.environ.get("RECRUITMENT_MAX_PER_EMAIL_PER_DAY", "5")
    )
    RECRUITMENT_RETENTION_DAYS = int(os.environ.get("RECRUITMENT_RETENTION_DAYS", "90"))
    # Meetings: materials (bilag) are stored outside static/ and served only through a view.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    MATERIAL_MAX_BYTES = int(os.environ.get("MATERIAL_MAX_BYTES", str(20 * 1024 * 1024)))
    # A .docx/.xlsx/.pptx/.odt is a zip: refuse one that unpacks to more than this (zip bomb).
    MATERIAL_MAX_UNPACKED_BYTES = int(
        os.environ.get("MATERIAL_MAX_UNPACKED_BYTES", str(200 * 1024 * 1024))
    )
    # Empty: every supported type (pdf, docx, xlsx, pptx, odt, ods, odp, png, jpg, gif, webp).
    MATERIAL_ALLOWED_TYPES = tuple(
        t.strip() for t in os.environ.get("MATERIAL_ALLOWED_TYPES", "").split(",") if t.strip()
    )
    # A zip member over 1 MB compressed more than this ratio is refused (zip bomb).
    MATERIAL_MAX_ZIP_RATIO = int(os.environ.get("MATERIAL_MAX_ZIP_RATIO", "200"))
    # Calendar alarm, minutes before a meeting starts.
    CALENDAR_ALARM_MINUTES = int(os.environ.get("CALENDAR_ALARM_MINUTES", "60"))
    # Threads per sweep, each with its own SMTP connection (overlaps waiting for the relay).
    NOTICE_SWEEP_WORKERS = int(os.environ.get("NOTICE_SWEEP_WORKERS", "2"))
    DIGEST_LOCAL_TIME = os.environ.get("DIGEST_LOCAL_TIME", "07:00")
    REMINDER_LOCAL_TIME = os.environ.get("REMINDER_LOCAL_TIME", "08:00")
    # Recommendations (issue 6). Follow-up reviews, in months after the final decision.
    FOLLOW_UP_MONTHS = tuple(
        int(m) for m in os.environ.get("FOLLOW_UP_MONTHS", "3,6,12").split(",") if m.strip()
    )
    # Lead times for the handover, in working days (DOMAIN.md: the standing committee 2-3 weeks
    # before the council, the finance committee the week before; the administration needs time
    # from handover to the standing committee's agenda).
    HANDOVER_LEAD_STANDING_DAYS = int(os.environ.get("HANDOVER_LEAD_STANDING_DAYS", "10"))
    HANDOVER_LEAD_FINANCE_DAYS = int(os.environ.get("HANDOVER_LEAD_FINANCE_DAYS", "5"))
    HANDOVER_LEAD_CASE_DAYS = int(os.environ.get("HANDOVER_LEAD_CASE_DAYS", "10"))
    # Members' comment window on a draft recommendation, in working days.
    COMMENT_WINDOW_DAYS = int(os.environ.get("COMMENT_WINDOW_DAYS", "5"))
    # "What became of our recommendations": a digest per committee every N days.
    RECOMMENDATIONS_DIGEST_DAYS = int(os.environ.get("RECOMMENDATIONS_DIGEST_DAYS", "30"))
    # Requests to follow by e-mail, per address and 24 hours.
    FOLLOW_MAX_PER_EMAIL_PER_DAY = int(os.environ.get("FOLLOW_MAX_PER_EMAIL_PER_DAY", "5"))
    # TrueType fonts for the report PDF (Debian: fonts-dejavu-core); without them the PDF uses
    # the built-in Helvetica and replaces characters outside Latin-1.
    PDF_FONT_DIR = os.environ.get("PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
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
        },
    }


class TestConfig(Config):
    """Settings for the test suite: a throwaway database, no CSRF in unit tests."""

    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    PASSWORD_HASH_FAST = True
    # One sweep thread, so e-mails reach the test's SMTP sink in due order. The threaded sweep
    # runs in the integration tests' subprocesses (two sweepers at once, worker killed).
    NOTICE_SWEEP_WORKERS = 1
    SERVER_NAME = None
