"""Who hears what became of a recommendation: everyone who was ever a member of the committee
(also after it is dissolved), and everyone following the committee or the recommendation.

Called inside the transaction that puts a recommendation on a political body's agenda, records a
decision or writes a progress update, so the event, its audit entry and its notices commit
together. Each notice's key names the event and the person, so a retried request never
notifies twice.
"""

from datetime import date

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from committees.extensions import db
from committees.models import (
    ActionStatus,
    DecisionOutcome,
    DeliveryMode,
    Follow,
    Membership,
    Recommendation,
    User,
)
from committees.models.notice import Addressee
from committees.urls import absolute_url
from workflows import notices
from workflows.notices import NoticeKind, register

PUBLIC_ENDPOINT = "recommendations.public_show"


def link_of(rec: Recommendation) -> dict:
    """The URL values of the recommendation's public page (a notice's `link`)."""
    return {"committee_id": rec.committee_id, "number": rec.number}


def _follow_link(n) -> dict:
    """For a follower without an account: the unsubscribe link goes into the e-mail."""
    follow_id = n.context.get("follow_id")
    if not follow_id:
        return {}
    from workflows.recommendations import follows  # follows imports this module's kinds

    follow = db.session.get(Follow, follow_id)
    return follows.unsubscribe_context(follow) if follow is not None else {}


DECIDED = register(
    NoticeKind(
        "recommendation_decided",
        _l("Politisk beslutning om en anbefaling"),
        title=lambda ctx: _(
            "%(committee)s, anbefaling %(number)s: %(body)s har besluttet »%(outcome)s«",
            committee=ctx["committee"],
            number=ctx["number"],
            body=ctx["body"],
            outcome=DecisionOutcome[ctx["outcome"]].label,
        ),
        body=lambda ctx: _(
            "»%(title)s« blev behandlet %(date)s. %(reason)s",
            title=ctx["title"],
            date=ctx["decided_on"],
            reason=ctx.get("reason", ""),
        ),
        endpoint=PUBLIC_ENDPOINT,
        late_context=_follow_link,
    )
)


def _agenda_body(ctx: dict) -> str:
    when = format_date(date.fromisoformat(ctx["meets_on"]), "long")
    if ctx.get("reference"):
        return _(
            "»%(title)s« behandles på mødet %(date)s, %(reference)s.",
            title=ctx["title"],
            date=when,
            reference=ctx["reference"],
        )
    return _("»%(title)s« behandles på mødet %(date)s.", title=ctx["title"], date=when)


ON_AGENDA = register(
    NoticeKind(
        "recommendation_on_agenda",
        _l("En anbefaling er på en politisk dagsorden"),
        title=lambda ctx: _(
            "%(committee)s, anbefaling %(number)s er på dagsordenen i %(body)s",
            committee=ctx["committee"],
            number=ctx["number"],
            body=ctx["body"],
        ),
        body=_agenda_body,
        endpoint=PUBLIC_ENDPOINT,
        late_context=_follow_link,
    )
)


def _progress_title(ctx: dict) -> str:
    """One update's subject, or a bulk update's (`entries`: every action of the committee the
    reader hears of)."""
    entries = ctx.get("entries")
    if entries is None:
        return _(
            "%(committee)s, anbefaling %(number)s: nyt om »%(action)s«",
            committee=ctx["committee"],
            number=ctx["number"],
            action=ctx["action"],
        )
    return ngettext(
        "%(committee)s: %(num)d handling har nu status »%(status)s«",
        "%(committee)s: %(num)d handlinger har nu status »%(status)s«",
        len(entries),
        committee=ctx["committee"],
        status=ActionStatus[ctx["status"]].label,
    )


def _progress_line(entry: dict) -> str:
    return _(
        "Anbefaling %(number)s: »%(action)s« (%(progress)s %% gennemført)",
        number=entry["number"],
        action=entry["action"],
        progress=entry["progress"],
    )


def _progress_body(ctx: dict) -> str:
    """One update's status and text, or a bulk update's actions, one line each."""
    entries = ctx.get("entries")
    if entries is None:
        return _(
            "Status: %(status)s (%(progress)s %%). %(text)s",
            status=ctx["status_label"],
            progress=ctx["progress"],
            text=ctx.get("text", ""),
        )
    return "\n".join(_progress_line(e) for e in entries)


def _progress_links(n) -> dict:
    """A follower's unsubscribe link, and a bulk update's link for each of its actions."""
    entries = n.context.get("entries") or []
    urls = [absolute_url(PUBLIC_ENDPOINT, **e["link"]) for e in entries]
    return {**_follow_link(n), **({"entry_urls": urls} if urls else {})}


PROGRESS = register(
    NoticeKind(
        "recommendation_progress",
        _l("Nyt om gennemførelsen af en anbefaling"),
        title=_progress_title,
        body=_progress_body,
        endpoint=PUBLIC_ENDPOINT,
        template="notice_list",  # a bulk update lists its actions
        late_context=_progress_links,
    )
)


def members_ever(committee_id: int) -> list[User]:
    """Every active account that has held a seat in the committee, past or present."""
    return list(
        db.session.scalars(
            db.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.committee_id == committee_id, User.active.is_(True))
            .distinct()
            .order_by(User.id)
        )
    )


def followers(rec: Recommendation) -> list[Follow]:
    """Confirmed follows of the recommendation or of its committee."""
    return list(
        db.session.scalars(
            db.select(Follow)
            .where(
                (Follow.committee_id == rec.committee_id) | (Follow.recommendation_id == rec.id),
                Follow.confirmed_at.is_not(None),
            )
            .order_by(Follow.id)
        )
    )


def reach(rec: Recommendation) -> tuple[list[User], list[Follow]]:
    """Who hears of the recommendation's news: accounts (members past and present, followers
    with an account) and the follows of addresses without one that want it at once.

    Account holders get it by their own notice preferences (digest or not); a follower without
    an account gets it at once unless they chose the periodic digest only. A recommendation that
    is not yet public is told to members only.
    """
    users: dict[int, User] = {u.id: u for u in members_ever(rec.committee_id)}
    addresses: list[Follow] = []
    seen: set[str] = set()
    if rec.is_public:
        for f in followers(rec):
            if f.user_id is not None and f.user is not None and f.user.active:
                users.setdefault(f.user_id, f.user)
            elif f.email and f.mode is DeliveryMode.immediate and f.email not in seen:
                seen.add(f.email)
                addresses.append(f)
    return list(users.values()), addresses


def follower_addressee(f: Follow) -> Addressee:
    """A follower without an account, as the notices engine addresses them."""
    return Addressee(email=f.email, name=f.email, locale=f.locale)


def tell(rec: Recommendation, kind: str, event: str, context: dict) -> int:
    """Notify former and current members and followers of an event (see `reach`); returns
    how many notices were written."""
    ctx = {**context, "link": link_of(rec)}
    users, addresses = reach(rec)
    sent = 0
    for user in users:
        key = notices.dedupe_key(kind, rec.id, event, "u", user.id)
        if notices.notify(
            user, kind, key=key, subject=rec, committee_id=rec.committee_id, context=ctx
        ):
            sent += 1
    for f in addresses:
        key = notices.dedupe_key(kind, rec.id, event, "e", f.id)
        if notices.notify(
            follower_addressee(f),
            kind,
            key=key,
            subject=rec,
            committee_id=None,  # not in the committee's history: a public address
            context={**ctx, "follow_id": f.id},
        ):
            sent += 1
    return sent
