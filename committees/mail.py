"""The one small sending function: SMTP when MAIL_SERVER is set, else .eml files on disk."""

import binascii
import logging
import smtplib
import uuid
from datetime import UTC, datetime
from email import message_from_bytes
from email.charset import BASE64, Charset
from email.header import Header
from email.message import Message
from email.policy import Compat32
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from functools import lru_cache
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

log = logging.getLogger(__name__)

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
    """Build a text + HTML message from templates/emails/<template>.{txt,html} in `locale`."""
    with force_locale(locale):
        subject_text = str(subject)
    text, html = render_bodies(template, locale, subject_text, **context)
    return compose(to, subject_text, text, html, message_id)


def render_bodies(template: str, locale: str, subject: str, **context) -> tuple[str, str]:
    """The text and HTML bodies from templates/emails/<template>.{txt,html} in `locale`."""
    with force_locale(locale):
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", subject=subject, **context)
    return text, html


def compose(to: str, subject: str, text: str, html: str, message_id: str | None = None) -> Message:
    """The message `compose_bytes` builds, as a Message (compat32) to inspect or add headers to."""
    data = compose_bytes(to, subject, text, html, message_id)
    return message_from_bytes(data.replace(b"\r\n", b"\n"), policy=POLICY)


def compose_bytes(
    to: str,
    subject: str,
    text: str,
    html: str,
    message_id: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """A multipart/alternative message of a text and an HTML body, both UTF-8, as sent (CRLF).

    Laid out here rather than by the email package's generator, which cost more than rendering
    and sending together: the parts are always the same two, only the values differ. `headers`
    are added after the usual ones (plain ASCII, e.g. List-Unsubscribe).
    """
    # "=_" never occurs in quoted-printable, so the boundary cannot occur in the bodies.
    boundary = f"=_{uuid.uuid4().hex}"
    lines = [
        f'Content-Type: multipart/alternative; boundary="{boundary}"\r\nMIME-Version: 1.0\r\n',
        _subject_line(subject),
        _header_line("From", sender_address()),
        # A Danish name is encoded, the address never is.
        _header_line("To", _address(to)),
        f"Date: {format_datetime(datetime.now(UTC))}\r\n",
        f"Message-ID: {message_id or make_msgid(domain=mail_domain())}\r\n",
        *(_header_line(name, value) for name, value in headers),
    ]
    head = "".join(lines).encode()  # ASCII, but for an address that is not (SMTPUTF8)
    dash = f"\r\n--{boundary}".encode("ascii")
    return b"".join(
        (head, dash, _text_part(text, "plain"), dash, _text_part(html, "html"), dash, b"--\r\n")
    )


def _text_part(body: str, subtype: str) -> bytes:
    """UTF-8 as quoted-printable: 7-bit clean for any relay, still readable in a raw .eml."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    # binascii's encoder (in C) rather than email.quoprimime's, which is pure Python.
    encoded = binascii.b2a_qp(body.encode(), istext=True).replace(b"\n", b"\r\n")
    head = (
        f'\r\nContent-Type: text/{subtype}; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    )
    return head.encode("ascii") + encoded


def _address(to: str) -> str:
    if to.isascii() and not any(c in to for c in '<>,;:"() '):
        return to  # a bare address, as nearly always: nothing to parse or encode
    return formataddr(parseaddr(to), charset=_UTF8_HEADER)


def _header_line(name: str, value: str) -> str:
    one_line = value.isascii() and "\n" not in value and "\r" not in value
    if one_line and (len(name) + len(value) < 76 or " " not in value):
        return f"{name}: {value}\r\n"  # short, or a long link with nowhere to fold it
    folded = Header(value, header_name=name).encode(linesep="\r\n")
    return f"{name}: {folded}\r\n"


@lru_cache(maxsize=256)
def _subject_line(subject: str) -> str:
    if subject.isascii():
        return _header_line("Subject", subject)
    encoded = Header(subject, _UTF8_HEADER, header_name="Subject").encode(linesep="\r\n")
    return f"Subject: {encoded}\r\n"


def sender_address() -> str:
    """'Name <address>': the sender name from Opsætning (or the municipality's), the address
    from MAIL_SENDER (operations own the relay and what it may send as)."""
    from committees.site import municipality

    m = municipality()
    return _sender_address(m.sender_name or m.name, current_app.config["MAIL_SENDER"])


@lru_cache(maxsize=16)
def _sender_address(name: str, address: str) -> str:
    return formataddr((name, address), charset=_UTF8_HEADER) if name else address


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

    def send(self, msg: Message | bytes, to: str | None = None) -> None:
        """Send one message; a broken connection is dropped so the next send reconnects.

        A message as bytes (from `compose_bytes`) goes to `to` as it is; a Message goes to the
        addresses in its To, Cc and Bcc.
        """
        if isinstance(msg, bytes) and not to:
            raise ValueError("a message as bytes is sent to the recipient given with it")
        if not current_app.config["MAIL_SERVER"]:
            _write_eml(msg, to)
            return
        try:
            smtp = self._connection()
            if isinstance(msg, bytes):
                _send_bytes(smtp, current_app.config["MAIL_SENDER"], to, msg)
            else:
                smtp.send_message(msg)
        except (smtplib.SMTPServerDisconnected, OSError):
            self._smtp = None
            raise
        log.info("mail sent to %s", to or msg["To"])


def _send_bytes(smtp: smtplib.SMTP, sender: str, to: str, data: bytes) -> None:
    """smtplib's sendmail for one plain recipient, minus its parsing of both addresses (as
    much work as the rest of the dialogue): the same commands, replies and exceptions."""
    smtp.ehlo_or_helo_if_needed()
    if not (sender.isascii() and to.isascii()):
        _send_international(smtp, sender, to, data)
        return
    size = f" SIZE={len(data)}" if smtp.does_esmtp and smtp.has_extn("size") else ""
    smtp.putcmd("mail", f"FROM:<{sender}>{size}")
    code, resp = smtp.getreply()
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPSenderRefused(code, resp, sender)
    smtp.putcmd("rcpt", f"TO:<{to}>")
    code, resp = smtp.getreply()
    if code not in (250, 251):
        _abandon(smtp, code)
        raise smtplib.SMTPRecipientsRefused({to: (code, resp)})
    code, resp = smtp.data(data)
    if code != 250:
        _abandon(smtp, code)
        raise smtplib.SMTPDataError(code, resp)


def _abandon(smtp: smtplib.SMTP, code: int) -> None:
    """After a refusal: 421 means the server is closing; anything else resets the transaction."""
    if code == 421:
        smtp.close()
    else:
        smtp._rset()


def _send_international(smtp: smtplib.SMTP, sender: str, to: str, data: bytes) -> None:
    """An address that is not ASCII needs SMTPUTF8 (RFC 6531), as smtplib's send_message does."""
    if not smtp.has_extn("smtputf8"):
        raise smtplib.SMTPNotSupportedError(
            "an address is not ASCII, and the server does not offer SMTPUTF8"
        )
    smtp.sendmail(sender, [to], data, mail_options=["SMTPUTF8", "BODY=8BITMIME"])


def _write_eml(msg: Message | bytes, to: str | None = None) -> None:
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = outbox / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(msg if isinstance(msg, bytes) else bytes(msg))
    log.info("mail to %s written to %s (no MAIL_SERVER set)", to or msg["To"], path)


def deliver(msg: Message) -> None:
    """Send through SMTP, or write an .eml file a developer can open."""
    with Sender() as sender:
        sender.send(msg)


def send_email(to: str, subject, template: str, locale: str = "da", **context) -> Message:
    """Render and deliver one e-mail in the recipient's language."""
    msg = render_email(to, subject, template, locale, **context)
    deliver(msg)
    return msg
