"""Reminder policies: N working days before or after an anchor date, as data.

Defaults live in DEFAULTS and can be overridden for the whole municipality (a policy row
without a committee) or for one committee. `plan(committee)` turns the effective policies into
pending notices, and is called whenever an anchor may have moved; pending reminders whose anchor
moved are cancelled, and delivery checks again that a reminder is still true.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from flask import current_app
from sqlalchemy import Select

from committees.extensions import db
from committees.models import Committee, Notice, NoticeStatus, ReminderPolicy, User
from committees.models.base import utcnow
from workflows import notices, workdays


@dataclass(frozen=True)
class ReminderSpec:
    """A reminder kind: what it is about, its anchor date and who is reminded."""

    kind: str
    subjects: Callable[[Committee], Iterable[object]]
    anchor: Callable[[object], date | None]
    recipients: Callable[[Committee, object], list[User]]
    default_offsets: tuple[int, ...]
    context: Callable[[Committee, object], dict]
    # The ids of the committees that may have subjects (a statement), for re-planning a kind
    # everywhere after the municipality's policy changes; None: committees in the early phases.
    holders: Callable[[], Select] | None = None


SPECS: dict[str, ReminderSpec] = {}


def register(spec: ReminderSpec) -> None:
    """Add a reminder kind (its NoticeKind is registered with workflows.notices)."""
    SPECS[spec.kind] = spec


@dataclass(frozen=True)
class EffectivePolicy:
    """One offset in force for a committee, and where it comes from."""

    kind: str
    offset_days: int
    only_not_acted: bool
    source: str  # "default", "municipality" or "committee"


def effective_policies(committee_id: int | None, kind: str) -> list[EffectivePolicy]:
    """The committee's own rows if it has any, else the municipality's, else the defaults."""
    rows = db.session.scalars(
        db.select(ReminderPolicy).where(
            ReminderPolicy.kind == kind,
            (ReminderPolicy.committee_id == committee_id) | ReminderPolicy.committee_id.is_(None),
        )
    ).all()
    own = [r for r in rows if committee_id is not None and r.committee_id == committee_id]
    shared = [r for r in rows if r.committee_id is None]
    for chosen, source in ((own, "committee"), (shared, "municipality")):
        if chosen:
            return [
                EffectivePolicy(kind, r.offset_days, r.only_not_acted, source)
                for r in sorted(chosen, key=lambda r: r.offset_days)
                if r.active
            ]
    return [EffectivePolicy(kind, o, True, "default") for o in SPECS[kind].default_offsets]


def due_moment(anchor: date, offset: int) -> datetime:
    """The local reminder time on the working day `offset` working days from the anchor."""
    if offset < 0:
        day = workdays.working_days_before(anchor, -offset)
    else:
        day = workdays.working_days_after(anchor, offset)
    hh, mm = (int(x) for x in current_app.config["REMINDER_LOCAL_TIME"].split(":"))
    return workdays.local_moment(day, time(hh, mm))


def reminder_key(kind: str, subject: object, anchor: date, offset: int, user: User) -> str:
    """The key names the anchor date, so a moved anchor gives a new reminder."""
    return notices.dedupe_key(
        kind,
        type(subject).__name__,
        getattr(subject, "id", None),
        anchor.isoformat(),
        offset,
        user.id,
    )


def _live_keys(committee: Committee) -> set[str]:
    """Keys of the committee's reminders that exist and are not cancelled (one query): those
    need no insert, so re-planning after every change stays cheap."""
    return set(
        db.session.scalars(
            db.select(Notice.dedupe_key).where(
                Notice.committee_id == committee.id,
                Notice.kind.in_(list(SPECS)),
                Notice.status != NoticeStatus.cancelled,
            )
        )
    )


def plan(
    committee: Committee, now: datetime | None = None, kinds: Iterable[str] | None = None
) -> None:
    """Bring the committee's pending reminders in line with its anchors and policies (of every
    kind, or only of `kinds`)."""
    now = now or utcnow()
    live = _live_keys(committee)
    for spec in SPECS.values() if kinds is None else [SPECS[k] for k in kinds]:
        subjects = list(spec.subjects(committee))
        policies = effective_policies(committee.id, spec.kind) if subjects else []
        for subject in subjects:
            keep: set[str] = set()
            anchor = spec.anchor(subject)
            if anchor is not None:
                for policy in policies:
                    due = due_moment(anchor, policy.offset_days)
                    for user in spec.recipients(committee, subject):
                        key = reminder_key(spec.kind, subject, anchor, policy.offset_days, user)
                        keep.add(key)  # one already due but not yet swept stays pending
                        if due < now or key in live:
                            continue  # passed moments are not created late; existing stay
                        ctx = {
                            **spec.context(committee, subject),
                            "anchor": anchor.isoformat(),
                            "only_not_acted": policy.only_not_acted,
                        }
                        notices.notify(
                            user,
                            spec.kind,
                            key=key,
                            subject=subject,
                            committee_id=committee.id,
                            context=ctx,
                            due_at=due,
                        )
            notices.cancel_pending(spec.kind, subject, keep)


def committees_holding(kind: str) -> list[Committee] | None:
    """The committees that may have reminders of a kind, or None when the kind does not say."""
    holders = SPECS[kind].holders
    if holders is None:
        return None
    stmt = db.select(Committee).where(Committee.id.in_(holders())).order_by(Committee.id)
    return list(db.session.scalars(stmt))
