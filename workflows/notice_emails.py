"""A notice's e-mail, rendered once per kind, language and context rather than once per person.

An event usually notifies many people with the same context (every member of a committee hears
of its new phase), and their e-mails differ only in the name and address they greet. The
templates are rendered once for such a group with stand-ins for the two, which each e-mail then
replaces. The cache checks itself: the first time a group repeats, the stand-in rendering must
give exactly what a full rendering for that person gives, else the group is rendered in full
for everyone (a template that uses more of the person than their name and address, or filters
the name, is never cached wrongly).
"""

import hashlib
import json
from dataclasses import dataclass
from types import SimpleNamespace

from flask_babel import force_locale
from markupsafe import escape

from committees import mail
from committees.models import Notice
from committees.urls import absolute_url
from workflows import notices

# Stand-ins that Jinja's escaping, gettext's formatting and quoted-printable leave as they are.
_NAME = "Zq7RecipientNameQz"
_EMAIL = "Zq7RecipientEmailQz"
_STAND_IN = SimpleNamespace(name=_NAME, email=_EMAIL)
# A sweep may meet thousands of groups; beyond this many it starts again with an empty cache.
_MAX_GROUPS = 1000


@dataclass(frozen=True)
class _Email:
    """What one e-mail says, apart from who it goes to."""

    subject: str
    text: str
    html: str
    unsubscribe_url: str = ""


def message_id(notice: Notice) -> str:
    """A stable Message-ID: a resent notice is recognisably the same message."""
    # sha256, not hash(): str hashes are salted per process, and a resend may come from another.
    digest = hashlib.sha256(notice.dedupe_key.encode()).hexdigest()[:12]
    return f"<notice-{notice.id}.{digest}@{mail.mail_domain()}>"


def _rendered(notice: Notice, ctx: dict, user) -> _Email:
    """The subject and bodies of a notice's e-mail for `user` (or the stand-in)."""
    kind = notices.kind_of(notice)
    locale = notice.addressee.locale
    with force_locale(locale):
        title, body = kind.title(ctx), kind.body(ctx)
    url = ctx.get("url") or absolute_url(kind.endpoint, **kind.link_values(notice))
    text, html = mail.render_bodies(
        kind.template,
        locale,
        title,
        user=user,
        title=title,
        body=body,
        url=url,
        link=url,
        inviter={"name": ctx["inviter"]} if ctx.get("inviter") else None,
        settings_url=absolute_url("notices.settings"),
        needs_action=notice.needs_action,
        ctx=ctx,
    )
    return _Email(title, text, html, ctx.get("unsubscribe_url") or "")


def _personal(email: _Email, user) -> _Email:
    """A stand-in rendering with the person's name and address put in."""
    name, address = user.name, user.email
    text = email.text.replace(_NAME, name).replace(_EMAIL, address)
    html = email.html.replace(_NAME, str(escape(name))).replace(_EMAIL, str(escape(address)))
    return _Email(email.subject, text, html, email.unsubscribe_url)


def _group(notice: Notice, ctx: dict) -> str | None:
    """What the e-mail depends on besides its recipient; None if it cannot be told (no cache)."""
    try:
        shared = json.dumps(ctx, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return None
    return f"{notice.kind}\0{notice.addressee.locale}\0{notice.needs_action}\0{shared}"


def _checked_stand_in(notice: Notice, ctx: dict, user, full: _Email) -> _Email | bool:
    """The stand-in rendering if it gives exactly `full` for `user`, else False (no cache)."""
    try:
        stand_in = _rendered(notice, ctx, _STAND_IN)
    except Exception:  # a template that needs more of the person than a stand-in has
        return False
    return stand_in if _personal(stand_in, user) == full else False


class Renderer:
    """Renders notices' e-mails, each group (kind, language, context) once; one per thread."""

    def __init__(self) -> None:
        # group -> None (seen once), False (not cacheable) or the stand-in rendering.
        self._groups: dict[str, _Email | bool | None] = {}

    def email(self, notice: Notice, extra: dict | None = None) -> _Email:
        """The subject and bodies of the notice's e-mail to its addressee."""
        ctx = {**notice.context, **(extra or {})}
        user = notice.addressee
        key = _group(notice, ctx)
        if key is None:
            return _rendered(notice, ctx, user)
        cached = self._groups.get(key, "new")
        if isinstance(cached, _Email):
            return _personal(cached, user)
        full = _rendered(notice, ctx, user)
        if cached == "new":
            if len(self._groups) >= _MAX_GROUPS:
                self._groups.clear()
            self._groups[key] = None
        elif cached is None:  # the second of a group: render with stand-ins, and check it
            self._groups[key] = _checked_stand_in(notice, ctx, user, full)
        return full

    def message(self, notice: Notice, extra: dict | None = None) -> bytes:
        """The notice's e-mail as it goes over the wire."""
        email = self.email(notice, extra)
        headers: tuple[tuple[str, str], ...] = ()
        if email.unsubscribe_url:
            # RFC 2369 + RFC 8058: mail clients offer "unsubscribe", and may POST to it at once.
            headers = (
                ("List-Unsubscribe", f"<{email.unsubscribe_url}>"),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            )
        to = notice.addressee.email
        return mail.compose_bytes(
            to, email.subject, email.text, email.html, message_id(notice), headers
        )
