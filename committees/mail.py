"""The one small sending function: SMTP when MAIL_SERVER is set, else .eml files on disk."""

import logging
import smtplib
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

log = logging.getLogger(__name__)


def render_email(to: str, subject, template: str, locale: str, **context) -> EmailMessage:
    """Build a text + HTML message from templates/emails/<template>.{txt,html} in `locale`."""
    cfg = current_app.config
    with force_locale(locale):
        subject_text = str(subject)
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", subject=subject_text, **context)
    msg = EmailMessage()
    msg["Subject"] = subject_text
    msg["From"] = cfg["MAIL_SENDER"]
    msg["To"] = to
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain=cfg["MAIL_SENDER"].rpartition("@")[2] or None)
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg


def deliver(msg: EmailMessage) -> None:
    """Send through SMTP, or write an .eml file a developer can open."""
    cfg = current_app.config
    if cfg["MAIL_SERVER"]:
        with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=15) as smtp:
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls()
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            smtp.send_message(msg)
        log.info("mail sent to %s: %s", msg["To"], msg["Subject"])
        return
    outbox = Path(cfg["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(msg))
    log.info("mail to %s written to %s (no MAIL_SERVER set)", msg["To"], path)


def send_email(to: str, subject, template: str, locale: str = "da", **context) -> EmailMessage:
    """Render and deliver one e-mail in the recipient's language."""
    msg = render_email(to, subject, template, locale, **context)
    deliver(msg)
    return msg
