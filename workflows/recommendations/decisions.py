"""Political decisions on recommendations: the decision state table and the one place that
applies it.

not_handed_over → awaiting (the handover does that) → on_agenda (a body has it on its agenda:
public from then on) → a decision per body. A final approved/approved_with_changes/
partly_approved/noted/rejected sets that state; a decision that is not final (a standing
committee recommending it onward) or that postpones, refers or sends it to consultation leaves
it in_treatment. The council's decision is always final. STEPS drives both the buttons the
pages show (`allowed_actions`) and the checks on POST.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy.exc import IntegrityError

from committees.extensions import db
from committees.models import (
    BodyKind,
    Decision,
    DecisionOutcome,
    DecisionState,
    PoliticalBody,
    Recommendation,
    RecommendationStatus,
    User,
)
from committees.models.base import local_today, utcnow
from workflows import audit, permissions
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.recommendations import audience, followup

D = DecisionState
Viewer = User | AnonymousUserMixin


@dataclass(frozen=True)
class Step:
    """One thing that can be done on the political side: from which states, and its button."""

    name: str
    sources: tuple[DecisionState, ...]
    label: object


STEPS: tuple[Step, ...] = (
    Step("put_on_agenda", (D.awaiting,), _l("Sæt på dagsordenen")),
    Step("decide", (D.awaiting, D.on_agenda, D.in_treatment), _l("Registrér beslutning")),
)
BY_NAME = {s.name: s for s in STEPS}


@dataclass(frozen=True)
class DecisionInput:
    """What a body decided, as entered once (a bulk decision shares it across recommendations)."""

    body: PoliticalBody
    decided_on: date
    agenda_reference: str
    outcome: DecisionOutcome
    final: bool
    reason: str = ""
    changed_text: str = ""


def target_state(outcome: DecisionOutcome, final: bool, body: PoliticalBody) -> DecisionState:
    """The decision state an outcome leads to (DOMAIN.md: standing → finance → council)."""
    final = final or body.kind is BodyKind.council
    if outcome.defers or not final:
        return D.in_treatment
    return D[outcome.name]


def needs_reason(outcome: DecisionOutcome) -> bool:
    """A refusal or a deferral must say why."""
    return outcome is DecisionOutcome.rejected or outcome.defers


def _step_open(step: Step, rec: Recommendation) -> bool:
    return rec.status is RecommendationStatus.handed_over and rec.decision_state in step.sources


def allowed_actions(rec: Recommendation, user: Viewer) -> list[Step]:
    """The steps this user may take on the recommendation as it stands now."""
    if not permissions.can_record_decision(user):
        return []
    return [s for s in STEPS if _step_open(s, rec)]


def can(rec: Recommendation, user: Viewer, name: str) -> bool:
    """Whether the named step is offered (the templates ask this)."""
    return any(s.name == name for s in allowed_actions(rec, user))


def input_problems(data: DecisionInput) -> list[str]:
    """What is missing or wrong in the decision itself, before any recommendation is touched."""
    problems = []
    if data.decided_on > local_today():
        problems.append(_("Mødedatoen kan ikke ligge i fremtiden."))
    if data.outcome.needs_text and not data.changed_text.strip():
        problems.append(_("Skriv, hvad der blev ændret, eller hvilke dele der blev godkendt."))
    if needs_reason(data.outcome) and not data.reason.strip():
        problems.append(_("Skriv begrundelsen for beslutningen."))
    return problems


def _lock(rec: Recommendation) -> Recommendation:
    stmt = db.select(Recommendation).where(Recommendation.id == rec.id).with_for_update()
    return db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()


def _lock_many(recs: Iterable[Recommendation]) -> list[Recommendation]:
    """Lock in id order, so two bulk decisions on overlapping sets cannot deadlock."""
    ids = sorted({r.id for r in recs})
    stmt = (
        db.select(Recommendation)
        .where(Recommendation.id.in_(ids))
        .order_by(Recommendation.id)
        .with_for_update()
    )
    return list(db.session.scalars(stmt.execution_options(populate_existing=True)))


def _stale(rec: Recommendation, expected_state: str | None) -> bool:
    return expected_state is not None and rec.decision_state.name != expected_state


def _duplicate(rec: Recommendation, data: DecisionInput) -> bool:
    return (
        db.session.scalar(
            db.select(Decision.id).where(
                Decision.recommendation_id == rec.id,
                Decision.body_id == data.body.id,
                Decision.decided_on == data.decided_on,
            )
        )
        is not None
    )


def _problem(rec: Recommendation, data: DecisionInput) -> str | None:
    """Why this recommendation cannot take this decision now, or None."""
    if not _step_open(BY_NAME["decide"], rec):
        return _(
            "den kan ikke få en beslutning i sin nuværende tilstand (%(state)s)",
            state=rec.decision_state.label,
        )
    handed = rec.handover.handed_over_on if rec.handover else None
    if handed is not None and data.decided_on < handed:
        return _("mødedatoen ligger før afleveringen %(date)s", date=format_date(handed, "long"))
    listed = rec.agenda_on if rec.agenda_body_id == data.body.id else None
    if listed is not None and data.decided_on < listed:
        return _(
            "%(body)s har den på dagsordenen til mødet %(date)s",
            body=data.body.name,
            date=format_date(listed, "long"),
        )
    if _duplicate(rec, data):
        return _("%(body)s har allerede en beslutning fra den dato", body=data.body.name)
    return None


def _check_actor(actor: User) -> None:
    if not permissions.can_record_decision(actor):
        raise PermissionDenied(_("Du har ikke ret til at registrere politiske beslutninger."))


def _publish(rec: Recommendation) -> None:
    if rec.public_since is None:
        rec.public_since = utcnow()


def _write(rec: Recommendation, data: DecisionInput, actor: User, batch: str) -> Decision:
    """The decision row, the new state, the audit entry and the notices (no commit)."""
    before, after = rec.decision_state, target_state(data.outcome, data.final, data.body)
    decision = Decision(
        recommendation_id=rec.id,
        body=data.body,
        decided_on=data.decided_on,
        agenda_reference=data.agenda_reference.strip(),
        outcome=data.outcome,
        final=after.is_final,
        reason=data.reason.strip(),
        changed_text=data.changed_text.strip(),
        batch=batch,
        recorded_by=actor,
    )
    db.session.add(decision)
    _publish(rec)
    rec.decision_state = after
    rec.updated_at = utcnow()
    if after.is_final:
        rec.decided_on = data.decided_on
    try:
        db.session.flush()
    except IntegrityError as error:  # a duplicate that slipped past the check
        raise NotAllowed(_("Beslutningen er allerede registreret.")) from error
    if after.leads_to_implementation:
        followup.schedule_reviews(rec, data.decided_on)
    _audit(rec, decision, before, after, actor)
    _tell(rec, decision)
    return decision


def _plan_reminders(recs: list[Recommendation]) -> None:
    """The reminders of newly scheduled reviews, once per committee."""
    seen: set[int] = set()
    for rec in recs:
        if rec.decision_state.leads_to_implementation and rec.committee_id not in seen:
            seen.add(rec.committee_id)
            followup.plan_reviews(rec)


def _audit(
    rec: Recommendation,
    decision: Decision,
    before: DecisionState,
    after: DecisionState,
    actor: User,
) -> None:
    audit.record(
        "recommendation.decided",
        rec,
        actor,
        committee_id=rec.committee_id,
        from_state=before.name,
        to_state=after.name,
        details={
            "decision": decision.id,
            "body": decision.body.name,
            "outcome": decision.outcome.name,
            "decided_on": decision.decided_on.isoformat(),
            "agenda": decision.agenda_reference,
            "final": decision.final,
            "batch": decision.batch,
        },
    )


def _tell(rec: Recommendation, decision: Decision) -> None:
    """Former and current members and followers hear what the body decided."""
    audience.tell(
        rec,
        "recommendation_decided",
        event=f"decision-{decision.id}",
        context={
            "committee": rec.committee.name,
            "number": rec.number,
            "title": rec.title,
            "body": decision.body.name,
            "outcome": decision.outcome.name,
            "decided_on": format_date(decision.decided_on, "long"),
            "reason": decision.reason or decision.changed_text,
        },
    )


@atomic
def put_on_agenda(
    rec: Recommendation,
    *,
    body: PoliticalBody,
    on: date,
    agenda_reference: str,
    actor: User,
    expected_state: str | None,
) -> None:
    """A political body has the recommendation on its agenda: it is public from now on."""
    _check_actor(actor)
    rec = _lock(rec)
    if _stale(rec, expected_state):
        raise StaleState(_("Anbefalingen er ændret, siden du åbnede siden. Se den nye status."))
    if not _step_open(BY_NAME["put_on_agenda"], rec):
        raise NotAllowed(_("Anbefalingen kan ikke sættes på en dagsorden, som den står nu."))
    if rec.handover and on < rec.handover.handed_over_on:
        raise NotAllowed(_("Mødet kan ikke ligge før afleveringen."))
    rec.decision_state = D.on_agenda
    rec.agenda_body, rec.agenda_on = body, on
    rec.agenda_reference = agenda_reference.strip()
    rec.updated_at = utcnow()
    _publish(rec)
    audit.record(
        "recommendation.on_agenda",
        rec,
        actor,
        committee_id=rec.committee_id,
        from_state=D.awaiting.name,
        to_state=D.on_agenda.name,
        details={"body": body.name, "date": on.isoformat(), "agenda": rec.agenda_reference},
    )
    _tell_agenda(rec, body, on)
    db.session.commit()


def _tell_agenda(rec: Recommendation, body: PoliticalBody, on: date) -> None:
    """Former and current members and followers hear that a body will treat it, and when."""
    audience.tell(
        rec,
        audience.ON_AGENDA.name,
        f"agenda-{body.id}-{on.isoformat()}",
        {
            "committee": rec.committee.name,
            "number": rec.number,
            "title": rec.title,
            "body": body.name,
            "meets_on": on.isoformat(),  # formatted in the recipient's language
            "reference": rec.agenda_reference,
        },
    )


@atomic
def record_decision(
    rec: Recommendation,
    *,
    body: PoliticalBody,
    decided_on: date,
    agenda_reference: str,
    outcome: DecisionOutcome,
    final: bool,
    reason: str,
    changed_text: str,
    actor: User,
    expected_state: str | None,
) -> Decision:
    """Record one body's decision on one recommendation, and move its decision state."""
    data = DecisionInput(body, decided_on, agenda_reference, outcome, final, reason, changed_text)
    _check_actor(actor)
    problems = input_problems(data)
    if problems:
        raise NotAllowed(_("Beslutningen kan ikke registreres:"), problems)
    rec = _lock(rec)
    if _stale(rec, expected_state):
        raise StaleState(_("Anbefalingen er ændret, siden du åbnede siden. Se den nye status."))
    problem = _problem(rec, data)
    if problem:
        raise NotAllowed(_("Beslutningen kan ikke registreres:"), [problem])
    decision = _write(rec, data, actor, batch="")
    _plan_reminders([rec])
    db.session.commit()
    return decision


@atomic
def record_bulk(
    recs: list[Recommendation],
    *,
    body: PoliticalBody,
    decided_on: date,
    agenda_reference: str,
    outcome: DecisionOutcome,
    final: bool,
    reason: str,
    changed_text: str,
    actor: User,
    expected_states: dict[int, str],
) -> list[Decision]:
    """The same decision on several recommendations, each recorded on its own: all or none."""
    data = DecisionInput(body, decided_on, agenda_reference, outcome, final, reason, changed_text)
    _check_actor(actor)
    if not recs:
        raise NotAllowed(_("Vælg mindst én anbefaling."))
    problems = input_problems(data)
    if problems:
        raise NotAllowed(_("Beslutningen kan ikke registreres:"), problems)
    locked = _lock_many(recs)
    stale = [r for r in locked if _stale(r, expected_states.get(r.id))]
    if stale:
        raise StaleState(
            _(
                "Disse anbefalinger er ændret, siden du åbnede siden: %(which)s. Intet er gemt.",
                which=", ".join(r.label for r in stale),
            )
        )
    refused = [f"{r.label}: {p}" for r in locked if (p := _problem(r, data))]
    if refused:
        raise NotAllowed(_("Intet er gemt. Disse anbefalinger kan ikke få beslutningen:"), refused)
    batch = uuid.uuid4().hex
    decisions = [_write(r, data, actor, batch) for r in locked]
    _plan_reminders(locked)
    db.session.commit()
    return decisions
