"""The one small sending function: SMTP when MAIL_SERVER is set, else .eml files on disk."""

import logging
import smtplib
import uuid
from datetime import UTC, datetime
from email.charset import BASE64, QP, Charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.policy import Compat32
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

log = logging.getLogger(__name__)

# UTF-8 bodies as quoted-printable: 7-bit clean for any relay, still readable in a raw .eml.
_UTF8_QP = Charset("utf-8")
_UTF8_QP.body_encoding = QP
# Danish subjects and names as base64 encoded-words (the default weighs QP against base64 per
# header, character by character).
_UTF8_HEADER = Charset("utf-8")
_UTF8_HEADER.header_encoding = BASE64


class _Policy(Compat32):
    """compat32, minus a Header object for every short ASCII header line when flattening."""

    def _fold(self, name, value, sanitize):
        short = isinstance(value, str) and len(name) + len(value) < 76 and value.isascii()
        if short and "\n" not in value and "\r" not in value:
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


POLICY = _Policy()


def render_email(
    to: str, subject, template: str, locale: str, message_id: str | None = None, **context
) -> Message:
    """Build a text + HTML message from templates/emails/<template>.{txt,html} in `locale`.

    Built with the classic (compat32) MIME classes: the modern EmailMessage API parses and
    refolds every header it is given, which made building a message dearer than sending it.
    """
    with force_locale(locale):
        subject_text = str(subject)
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", subject=subject_text, **context)
    msg = MIMEMultipart("alternative", policy=POLICY)
    msg["Subject"] = subject_text if subject_text.isascii() else Header(subject_text, _UTF8_HEADER)
    msg["From"] = sender_address()
    # A Danish name is encoded, the address never is.
    msg["To"] = formataddr(parseaddr(to), charset=_UTF8_HEADER)
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = message_id or make_msgid(domain=mail_domain())
    msg.attach(_text_part(text, "plain"))
    msg.attach(_text_part(html, "html"))
    return msg


def sender_address() -> str:
    """'Name <address>': the sender name from Opsætning (or the municipality's), the address
    from MAIL_SENDER (operations own the relay and what it may send as)."""
    from committees.site import municipality

    m = municipality()
    name = m.sender_name or m.name
    address = current_app.config["MAIL_SENDER"]
    return formataddr((name, address), charset=_UTF8_HEADER) if name else address


def _text_part(body: str, subtype: str) -> MIMENonMultipart:
    part = MIMENonMultipart("text", subtype, policy=POLICY)
    part.set_payload(body, _UTF8_QP)
    return part


def mail_domain() -> str:
    """The domain of our sender address, for Message-IDs."""
    return current_app.config["MAIL_SENDER"].rpartition("@")[2] or "localhost"


class Sender:
    """Sends several messages over one SMTP connection (or writes .eml files without SMTP)."""

    def __init__(self) -> None:
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> "Sender":
        return self

    def __exit__(self, *exc) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except smtplib.SMTPException:
                self._smtp.close()
            except OSError:
                self._smtp.close()
            self._smtp = None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            cfg = current_app.config
            timeout = cfg.get("MAIL_TIMEOUT_SECONDS", 15)
            smtp = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=timeout)
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls()
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            self._smtp = smtp
        return self._smtp

    def send(self, msg: Message) -> None:
        """Send one message; a broken connection is dropped so the next send reconnects."""
        if not current_app.config["MAIL_SERVER"]:
            _write_eml(msg)
            return
        try:
            self._connection().send_message(msg)
        except (smtplib.SMTPServerDisconnected, OSError):
            self._smtp = None
            raise
        log.info("mail sent to %s: %s", msg["To"], msg["Subject"])


def _write_eml(msg: Message) -> None:
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(msg))
    log.info("mail to %s written to %s (no MAIL_SERVER set)", msg["To"], path)


def deliver(msg: Message) -> None:
    """Send through SMTP, or write an .eml file a developer can open."""
    with Sender() as sender:
        sender.send(msg)


def send_email(to: str, subject, template: str, locale: str = "da", **context) -> Message:
    """Render and deliver one e-mail in the recipient's language."""
    msg = render_email(to, subject, template, locale, **context)
    deliver(msg)
    return msg
