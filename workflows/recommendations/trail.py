"""The trail of one recommendation as a timeline: the mandate question(s) it answers, the
committee's text, the handover, each political body's treatment, the implementation actions
with their dated updates, and the follow-up reviews.

The public timeline shows only what is public; the internal one (members, staff) adds the
drafting: every version and how many comments each draft drew. Everything is loaded with a
fixed number of queries (`load`), whatever the number of decisions, actions and updates.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from committees.extensions import db
from committees.models import (
    Decision,
    ImplementationAction,
    Recommendation,
    RecommendationComment,
)
from committees.models.base import LOCAL_TZ

# Within one day the steps keep their natural order.
RANKS = {
    "question": 0,
    "version": 1,
    "endorsed": 2,
    "handover": 3,
    "agenda": 4,
    "decision": 5,
    "action": 6,
    "update": 7,
    "review": 8,
}


@dataclass
class Event:
    """One step of the trail; `text` is Markdown (rendered sanitized), `facts` label/value pairs."""

    kind: str
    on: date | None
    title: str
    text: str = ""
    tone: str = "neutral"
    badge: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple:
        return (self.on or date.min, RANKS[self.kind])


def load_options(internal: bool = False) -> list:
    """The eager loads a timeline needs (one query per relationship, never per row)."""
    options = [
        # Joined: one committee, usually loaded by the page already with its bodies (a
        # chained load of the bodies would ask again); a page that has not loads them once.
        joinedload(Recommendation.committee),
        selectinload(Recommendation.questions),
        # A single row each: joined into the recommendation's own statement.
        joinedload(Recommendation.endorsed_at_meeting),
        joinedload(Recommendation.handover),
        joinedload(Recommendation.agenda_body),
        selectinload(Recommendation.decisions).joinedload(Decision.body),
        selectinload(Recommendation.actions).selectinload(ImplementationAction.updates),
        selectinload(Recommendation.actions).joinedload(ImplementationAction.owner_body),
        selectinload(Recommendation.reviews),
    ]
    if internal:
        options.append(selectinload(Recommendation.versions))
    return options


def load(committee_id: int, number: int, internal: bool = False) -> Recommendation | None:
    """The recommendation with everything its timeline shows."""
    return db.session.scalar(
        db.select(Recommendation)
        .where(Recommendation.committee_id == committee_id, Recommendation.number == number)
        .options(*load_options(internal))
    )


def _day(moment: datetime | None) -> date | None:
    return moment.astimezone(LOCAL_TZ).date() if moment else None


def _committee_events(rec: Recommendation, internal: bool) -> list[Event]:
    events = [
        Event("question", None, _("Spørgsmål fra kommissoriet"), text=q.text) for q in rec.questions
    ]
    if internal:
        comments = _comment_counts(rec.id)
        for v in rec.versions:
            n = comments.get(v.number, 0)
            events.append(
                Event(
                    "version",
                    _day(v.created_at),
                    _("Version %(n)s: %(title)s", n=v.number, title=v.title),
                    text=v.change_note,
                    facts=[(_("Kommentarer"), str(n))],
                )
            )
    if rec.endorsed_on or rec.endorsed_at_meeting:
        meeting = rec.endorsed_at_meeting
        events.append(
            Event(
                "endorsed",
                rec.endorsed_on or (meeting.local_date if meeting else None),
                _("Udvalget vedtog anbefalingen"),
                text=rec.text,
                tone="success",
                facts=[(_("Møde"), meeting.title)] if meeting else [],
            )
        )
    if rec.handover:
        bodies = ", ".join(b.name for b in rec.committee.parent_bodies)
        events.append(
            Event(
                "handover",
                rec.handover.handed_over_on,
                _("Afleveret til politisk behandling"),
                facts=[(_("Modtager"), bodies)] if bodies else [],
            )
        )
    return events


def _comment_counts(rec_id: int) -> dict[int, int]:
    rows = db.session.execute(
        db.select(RecommendationComment.version_number, db.func.count())
        .where(RecommendationComment.recommendation_id == rec_id)
        .group_by(RecommendationComment.version_number)
    )
    return dict(rows.tuples().all())


def _decision_event(d: Decision) -> Event:
    facts = [(_("Politisk organ"), d.body.name)]
    if d.agenda_reference:
        facts.append((_("Dagsordenspunkt"), d.agenda_reference))
    text = "\n\n".join(t for t in (d.reason, d.changed_text) if t)
    return Event(
        "decision",
        d.decided_on,
        _("%(body)s: %(outcome)s", body=d.body.name, outcome=d.outcome.label),
        text=text,
        tone=d.outcome.tone,
        badge=d.outcome.label,
        facts=facts,
    )


def _agenda_event(rec: Recommendation) -> Event:
    if rec.agenda_body is None:  # decided without an agenda step: public from the decision
        return Event("agenda", _day(rec.public_since), _("På den politiske dagsorden"))
    facts = [(_("Politisk organ"), rec.agenda_body.name)]
    if rec.agenda_reference:
        facts.append((_("Dagsordenspunkt"), rec.agenda_reference))
    return Event(
        "agenda",
        rec.agenda_on or _day(rec.public_since),
        _("På dagsordenen i %(body)s", body=rec.agenda_body.name),
        tone="info",
        facts=facts,
    )


def _political_events(rec: Recommendation) -> list[Event]:
    events = []
    if rec.public_since:
        events.append(_agenda_event(rec))
    events.extend(_decision_event(d) for d in rec.decisions)
    return events


def _action_events(rec: Recommendation) -> list[Event]:
    events = []
    for a in rec.actions:
        facts = [(_("Ansvarlig"), a.owner_label)]
        if a.due_on:
            facts.append((_("Frist"), a.due_on.isoformat()))
        events.append(
            Event(
                "action",
                _day(a.created_at),
                _("Handling: %(title)s", title=a.title),
                text=a.description,
                tone=a.status.tone,
                badge=a.status.label,
                facts=facts,
            )
        )
        for u in a.updates:
            events.append(
                Event(
                    "update",
                    u.written_on,
                    _("Status på »%(title)s«: %(progress)s %%", title=a.title, progress=u.progress),
                    text=u.text,
                    tone=u.status.tone,
                    badge=u.status.label,
                )
            )
    return events


def _review_events(rec: Recommendation) -> list[Event]:
    return [
        Event(
            "review",
            r.due_on,
            _("Opfølgning efter %(n)s måneder", n=r.months),
            text=r.note if r.is_done else "",
            tone="success" if r.is_done else "neutral",
            badge=_("Gennemført") if r.is_done else _("Planlagt"),
        )
        for r in rec.reviews
    ]


def timeline(rec: Recommendation, internal: bool) -> list[Event]:
    """The trail of a recommendation in date order (the public part, or everything)."""
    events = _committee_events(rec, internal)
    if internal or rec.is_public:
        events += _political_events(rec) + _action_events(rec) + _review_events(rec)
    events.sort(key=lambda e: e.sort_key)
    return events
