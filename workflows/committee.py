"""The committee lifecycle: its state table, guards and the one function that applies it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from committees.extensions import db
from committees.models import Committee, CommitteeState, MandateVersion, PoliticalBody, User
from committees.models.base import local_today, utcnow
from workflows import audit, composition, notices, permissions, reminders
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic

S = CommitteeState
Guard = Callable[[Committee], list[str]]


def _needs_approved_mandate(c: Committee) -> list[str]:
    if c.approved_mandate is None:
        return [_("kommissoriet er ikke godkendt af kommunalbestyrelsen")]
    return []


def _composition_ok(c: Committee) -> list[str]:
    return composition.violations(c)


def _no_guard(c: Committee) -> list[str]:
    return []


@dataclass(frozen=True)
class Transition:
    """One edge of the lifecycle: name, from, to, button label and guard."""

    name: str
    sources: tuple[CommitteeState, ...]
    target: CommitteeState
    label: str
    guard: Guard = field(default=_no_guard)
    # Transitions that carry more than a state (the handover moves the recommendations, the
    # evaluation writes the lessons learned) run on their own page, never as a bare button.
    page: str | None = None


TRANSITIONS: tuple[Transition, ...] = (
    Transition("start_drafting", (S.idea,), S.mandate_draft, _l("Påbegynd kommissorium")),
    Transition(
        "approve_mandate",
        (S.idea, S.mandate_draft),
        S.mandate_approved,
        _l("Markér kommissoriet som godkendt"),
        _needs_approved_mandate,
    ),
    Transition(
        "open_recruitment",
        (S.mandate_approved,),
        S.recruiting,
        _l("Åbn rekruttering"),
        _needs_approved_mandate,
    ),
    Transition(
        "constitute",
        (S.mandate_approved, S.recruiting),
        S.constituted,
        _l("Konstituér udvalget"),
        _composition_ok,
    ),
    Transition("start_work", (S.constituted,), S.working, _l("Start arbejdsfasen")),
    Transition(
        "hand_over",
        (S.working,),
        S.handed_over,
        _l("Registrér aflevering"),
        page="recommendations.handover",
    ),
    Transition("dissolve", (S.handed_over,), S.dissolved, _l("Nedlæg udvalget")),
    Transition("start_implementation", (S.dissolved,), S.implementing, _l("Start implementering")),
    Transition(
        "evaluate",
        (S.implementing,),
        S.evaluated,
        _l("Afslut med evaluering"),
        page="recommendations.evaluation",
    ),
)
BY_NAME = {t.name: t for t in TRANSITIONS}


@dataclass(frozen=True)
class Action:
    """A transition offered to a user, with the reasons it is blocked (empty = allowed)."""

    transition: Transition
    blockers: list[str]

    @property
    def name(self) -> str:
        return self.transition.name

    @property
    def label(self) -> str:
        return str(self.transition.label)

    @property
    def enabled(self) -> bool:
        return not self.blockers

    @property
    def page(self) -> str | None:
        """The endpoint of the page that runs this transition, if it has one."""
        return self.transition.page


def allowed_actions(committee: Committee, user: User) -> list[Action]:
    """Transitions from the current state the user may run, each with its blockers."""
    return [
        Action(t, t.guard(committee))
        for t in TRANSITIONS
        if committee.state in t.sources
        and permissions.can_run_transition(user, committee, t.name)
        # Approval normally happens by recording the council's decision; offer it only as a
        # repair when an approved version exists but the state lags behind.
        and (t.name != "approve_mandate" or committee.approved_mandate is not None)
    ]


def lock(committee: Committee) -> Committee:
    """Re-read the committee with a row lock (FOR UPDATE on PostgreSQL)."""
    stmt = db.select(Committee).where(Committee.id == committee.id).with_for_update()
    return db.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()


def apply(committee: Committee, t: Transition, actor: User | None, comment: str = "") -> None:
    """Write the new state and its audit entry into the session; the caller commits."""
    old = committee.state
    committee.state = t.target
    committee.state_changed_at = utcnow()
    audit.record(
        f"committee.{t.name}",
        committee,
        actor,
        committee_id=committee.id,
        from_state=old.value,
        to_state=t.target.value,
        comment=comment,
    )


@atomic
def transition(
    committee: Committee, action: str, actor: User, expected_state: str | None, comment: str = ""
) -> Committee:
    """Run a named transition if the state is as the user saw it, allowed and unguarded."""
    committee = lock(committee)
    if expected_state is not None and committee.state.value != expected_state:
        raise StaleState(_("Udvalget har skiftet fase, siden du åbnede siden. Se den nye status."))
    t = BY_NAME.get(action)
    if t is None or committee.state not in t.sources:
        raise NotAllowed(_("Den handling kan ikke udføres i udvalgets nuværende fase."))
    if not permissions.can_run_transition(actor, committee, action):
        raise PermissionDenied(_("Du har ikke ret til at udføre den handling."))
    if t.page is not None:
        raise NotAllowed(_("Den handling udføres på sin egen side."))
    blockers = t.guard(committee)
    if blockers:
        raise NotAllowed(_("Handlingen kan ikke udføres endnu:"), blockers)
    apply(committee, t, actor, comment)
    notify_phase(committee, comment)
    if t.target is S.constituted:
        notices.complete_actions("composition_incomplete", committee)
    reminders.plan(committee)
    db.session.commit()
    return committee


def notify_phase(committee: Committee, comment: str) -> None:
    """Everyone sitting in the committee hears that it moved on (to read, no action)."""
    today = local_today()
    for m in committee.memberships:
        if m.is_active_on(today) or (m.start_date > today):
            notices.notify(
                m.user,
                "committee_phase",
                key=notices.dedupe_key("phase", committee.id, committee.state.name, m.user_id),
                subject=committee,
                committee_id=committee.id,
                context={
                    "committee": committee.name,
                    "state": committee.state.name,
                    "comment": comment,
                    "link": {"committee_id": committee.id},
                },
            )


def create(
    *,
    name: str,
    summary: str,
    planned_start: date | None,
    planned_end: date | None,
    bodies: list[PoliticalBody],
    actor: User,
) -> Committee:
    """A new committee at the idea stage, with an empty first mandate draft."""
    committee = Committee(
        name=name,
        summary=summary,
        planned_start=planned_start,
        planned_end=planned_end,
        parent_bodies=list(bodies),
    )
    committee.mandate_versions.append(
        MandateVersion(
            number=1,
            title=name,
            start_date=planned_start,
            end_date=planned_end,
            created_by=actor,
        )
    )
    db.session.add(committee)
    db.session.flush()
    audit.record("committee.created", committee, actor, committee_id=committee.id, to_state="idea")
    db.session.commit()
    return committee


def update(committee: Committee, actor: User) -> None:
    """Commit plain edits already populated from the form, with an audit entry."""
    audit.record("committee.edited", committee, actor, committee_id=committee.id)
    reminders.plan(committee)  # the planned start may have moved
    db.session.commit()
