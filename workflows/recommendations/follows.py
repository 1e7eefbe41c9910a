"""Following a committee or one recommendation: by e-mail without an account (a confirmed
subscription, ended by a one-click unsubscribe) or with an account (a button).

An e-mail follow is written unconfirmed, with a random token, and a confirmation e-mail goes
out through the notices engine. The confirmation link is the token signed with a time stamp
(valid CONFIRM_MAX_AGE); the unsubscribe link is the bare token (unguessable, never expires).
Asking again for an address that already follows sends that address a short "you already
follow" e-mail: the page answers the same either way, so nobody learns who follows what.
Unsubscribing deletes the row: we keep no address we no longer need.
"""

import secrets
import string
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from committees import signing
from committees.extensions import db
from committees.models import Committee, DeliveryMode, Follow, Notice, Recommendation, User
from committees.models.base import utcnow
from committees.models.notice import Addressee
from committees.urls import absolute_url
from workflows import audit, notices
from workflows.errors import NotAllowed, atomic
from workflows.notices import NoticeKind, register

CONFIRM_SALT = "follow-confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
MAX_PER_EMAIL_PER_DAY = 5
TOKEN_CHARS = frozenset(string.ascii_letters + string.digits + "-_")
Target = Committee | Recommendation


def target_key(target: Target) -> str:
    """ "c:<id>" for a committee, "r:<id>" for a recommendation."""
    return f"{'c' if isinstance(target, Committee) else 'r'}:{target.id}"


def is_followable(target: Target) -> bool:
    """Only what the public may see can be followed."""
    if isinstance(target, Committee):
        return target.is_public
    return target.is_public and target.committee.is_public


def _committee_of(target: Target) -> Committee:
    return target if isinstance(target, Committee) else target.committee


def _target_fields(target: Target) -> dict:
    if isinstance(target, Committee):
        return {"committee_id": target.id}
    return {"recommendation_id": target.id}


def target_name(target: Target) -> str:
    """How the target is named in e-mails (committee name, or "Committee, anbefaling 3: …")."""
    if isinstance(target, Committee):
        return target.name
    return f"{target.committee.name}, {target.label}: {target.title}"


# --- links ------------------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return signing.serializer(CONFIRM_SALT)


def confirm_token(follow: Follow) -> str:
    """A signed, expiring token for the confirmation link."""
    return _serializer().dumps(follow.token)


def by_confirm_token(token: str) -> Follow | None:
    """The follow a confirmation link was made for, or None (forged, expired, unsubscribed)."""
    try:
        raw = _serializer().loads(token, max_age=CONFIRM_MAX_AGE)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    return by_token(raw) if isinstance(raw, str) else None


def by_token(token: str) -> Follow | None:
    """The follow an unsubscribe link names, or None."""
    # token_urlsafe's alphabet only: anything else (a NUL, which PostgreSQL refuses) is no token.
    if not token or len(token) > 64 or not TOKEN_CHARS.issuperset(token):
        return None
    return db.session.scalar(db.select(Follow).where(Follow.token == token))


def unsubscribe_context(follow: Follow | None) -> dict:
    """For e-mails to a follower without an account: the one-click unsubscribe link."""
    if follow is None or follow.email is None:
        return {}
    return {"unsubscribe_url": absolute_url("recommendations.unfollow", token=follow.token)}


def _confirm_links(n: Notice) -> dict:
    follow = db.session.get(Follow, n.subject_id)
    if follow is None:
        return {}
    links = unsubscribe_context(follow)
    if not follow.is_confirmed:
        links["url"] = absolute_url("recommendations.follow_confirm", token=confirm_token(follow))
    else:
        links["url"] = n.context.get("page_url") or links["unsubscribe_url"]
    return links


def _still_there(n: Notice) -> bool:
    return db.session.get(Follow, n.subject_id) is not None


register(
    NoticeKind(
        "follow_confirm",
        _l("Bekræft at du vil følge et udvalg"),
        title=lambda ctx: (
            _("Du følger allerede %(target)s", target=ctx["target"])
            if ctx.get("already")
            else _("Bekræft at du vil følge %(target)s", target=ctx["target"])
        ),
        body=lambda ctx: (
            _("Du får allerede besked, når der sker noget. Du behøver ikke gøre noget.")
            if ctx.get("already")
            else _(
                "Åbn linket for at bekræfte. Derefter får du besked, når der er politiske "
                "beslutninger og nyt om gennemførelsen. Linket virker i 7 dage. Har du ikke "
                "bedt om det, kan du se bort fra e-mailen."
            )
        ),
        endpoint="recommendations.public_index",
        template="follow_confirm",
        mandatory=True,
        needs_action=True,
        still_true=_still_there,
        late_context=_confirm_links,
    )
)


# --- following by e-mail ----------------------------------------------------------------------


def _recent_requests(email: str) -> int:
    since = utcnow() - timedelta(days=1)
    return db.session.scalar(
        db.select(db.func.count(Notice.id)).where(
            Notice.kind == "follow_confirm", Notice.to_email == email, Notice.created_at >= since
        )
    )


def _page_url(target: Target) -> str:
    if isinstance(target, Committee):
        return absolute_url("recommendations.public_index", committee_id=target.id)
    return absolute_url(
        "recommendations.public_show", committee_id=target.committee_id, number=target.number
    )


@atomic
def follow_by_email(target: Target, email: str, locale: str, mode: DeliveryMode) -> Follow:
    """Ask to follow by e-mail: an unconfirmed follow and a confirmation e-mail (or, for an
    address that already follows, an e-mail saying so). Limited per address per day."""
    if not is_followable(target):
        raise NotAllowed(_("Det kan ikke følges endnu."))
    email = User.normalize_email(email)
    limit = current_app.config.get("FOLLOW_MAX_PER_EMAIL_PER_DAY", MAX_PER_EMAIL_PER_DAY)
    if _recent_requests(email) >= limit:
        raise NotAllowed(_("Der er bedt om mange tilmeldinger fra denne e-mailadresse i dag."))
    follow = _email_follow(target, email)
    already = follow.is_confirmed
    if not already:
        follow.locale, follow.mode = locale, mode
    db.session.flush()
    now = utcnow()
    notices.notify(
        Addressee(email=email, name=email, locale=follow.locale),
        "follow_confirm",
        key=notices.dedupe_key("follow_confirm", follow.id, now.isoformat()),
        subject=follow,
        committee_id=None,  # a public address: not part of the committee's history
        context={
            "target": target_name(target),
            "already": already,
            "page_url": _page_url(target),
            "link": {"committee_id": _committee_of(target).id},
        },
    )
    db.session.commit()
    return follow


def _email_follow(target: Target, email: str) -> Follow:
    """The address's follow of the target (locked), or a new unconfirmed one."""
    key, who = target_key(target), f"e:{email}"
    follow = db.session.scalar(
        db.select(Follow).where(Follow.target == key, Follow.who == who).with_for_update()
    )
    if follow is None:
        follow = Follow(
            target=key,
            who=who,
            email=email,
            token=secrets.token_urlsafe(32),
            **_target_fields(target),
        )
        db.session.add(follow)
    return follow


@atomic
def confirm(follow: Follow) -> Follow:
    """The address is confirmed: notices go to it from now on. Confirming twice is fine."""
    if follow.confirmed_at is None:
        follow.confirmed_at = utcnow()
        audit.record(
            "recommendations.follow_confirmed",
            follow,
            None,
            committee_id=None,
            details={"target": follow.target},
        )
        db.session.commit()
    return follow


@atomic
def unsubscribe(follow: Follow) -> None:
    """End a follow: the row (and so the address) is deleted at once."""
    audit.record(
        "recommendations.follow_ended",
        follow,
        None,
        committee_id=None,
        details={"target": follow.target},
    )
    db.session.delete(follow)
    db.session.commit()


# --- following with an account ---------------------------------------------------------------


def user_follow(user: User, target: Target) -> Follow | None:
    """The account's follow of the target, if any."""
    return db.session.scalar(
        db.select(Follow).where(Follow.target == target_key(target), Follow.who == f"u:{user.id}")
    )


@atomic
def toggle(user: User, target: Target) -> bool:
    """Follow or stop following with an account; returns True when the user now follows."""
    if not is_followable(target):
        raise NotAllowed(_("Det kan ikke følges endnu."))
    existing = user_follow(user, target)
    if existing is not None:
        db.session.delete(existing)
        db.session.commit()
        return False
    follow = Follow(
        target=target_key(target),
        who=f"u:{user.id}",
        user_id=user.id,
        token=secrets.token_urlsafe(32),
        confirmed_at=utcnow(),
        **_target_fields(target),
    )
    db.session.add(follow)
    db.session.commit()
    return True
