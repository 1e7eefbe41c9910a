"""Mandate versions: edit the draft, submit it, record political decisions, start a new version."""

import difflib
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup, escape

from committees.extensions import db
from committees.models import (
    ApprovalOutcome,
    BodyKind,
    Committee,
    CompetenceProfile,
    Deliverable,
    MandateApproval,
    MandateStatus,
    MandateVersion,
    PoliticalBody,
    TaskQuestion,
    User,
)
from committees.models.base import utcnow
from committees.models.mandate import TEXT_FIELDS
from workflows import audit, notices, permissions, reminders
from workflows import committee as committee_flow
from workflows.errors import NotAllowed, PermissionDenied, StaleState, atomic
from workflows.recommendations import coverage

SCALAR_FIELDS = (
    *(name for name, _label in TEXT_FIELDS),
    "start_date",
    "end_date",
    "handover_date",
    "seats_councillors",
    "seats_citizens",
    "seats_stakeholders",
    "chair_must_be_councillor",
    "vice_chair_method",
)


@dataclass
class MandateContent:
    """What a user edits: the scalar fields and the three lists of rows."""

    fields: dict
    task_questions: list[str]
    deliverables: list[str]
    profiles: list[tuple[str, str]]


def _check_open_draft(version: MandateVersion, actor: User, expected_status: str | None) -> None:
    if expected_status is not None and version.status.value != expected_status:
        raise StaleState(_("Kommissoriet er blevet ændret, siden du åbnede siden."))
    if not permissions.can_edit_mandate(actor, version.committee):
        raise PermissionDenied(_("Du har ikke ret til at redigere kommissoriet."))
    if not version.is_draft:
        raise NotAllowed(_("Kun et udkast kan redigeres."))


def _replace_rows(version: MandateVersion, content: MandateContent) -> None:
    version.task_questions = [
        TaskQuestion(position=i, text=t) for i, t in enumerate(content.task_questions, 1)
    ]
    version.deliverables = [
        Deliverable(position=i, text=t) for i, t in enumerate(content.deliverables, 1)
    ]
    version.competence_profiles = [
        CompetenceProfile(position=i, name=n, description=d)
        for i, (n, d) in enumerate(content.profiles, 1)
    ]


@atomic
def save_draft(
    version: MandateVersion, content: MandateContent, actor: User, expected_status: str | None
) -> None:
    """Overwrite the draft's content; only drafts change, approved versions are kept."""
    _check_open_draft(version, actor, expected_status)
    for name in SCALAR_FIELDS:
        if name in content.fields:
            setattr(version, name, content.fields[name])
    version.change_note = content.fields.get("change_note", version.change_note)
    _replace_rows(version, content)
    audit.record(
        "mandate.edited",
        version,
        actor,
        committee_id=version.committee_id,
        details={"number": version.number},
    )
    db.session.commit()


def _copy(src: MandateVersion, number: int, actor: User) -> MandateVersion:
    new = MandateVersion(committee_id=src.committee_id, number=number, created_by=actor)
    for name in SCALAR_FIELDS:
        setattr(new, name, getattr(src, name))
    new.task_questions = [
        TaskQuestion(position=q.position, text=q.text) for q in src.task_questions
    ]
    new.deliverables = [Deliverable(position=d.position, text=d.text) for d in src.deliverables]
    new.competence_profiles = [
        CompetenceProfile(position=p.position, name=p.name, description=p.description)
        for p in src.competence_profiles
    ]
    return new


@atomic
def new_version(committee: Committee, actor: User) -> MandateVersion:
    """Start a new draft from the newest version; the approved one stays in force."""
    committee = committee_flow.lock(committee)
    if not permissions.can_edit_mandate(actor, committee):
        raise PermissionDenied(_("Du har ikke ret til at redigere kommissoriet."))
    if committee.draft_mandate is not None:
        raise NotAllowed(_("Der findes allerede et udkast; redigér det i stedet."))
    latest = committee.latest_mandate
    if latest is None:
        version = MandateVersion(
            committee_id=committee.id, number=1, title=committee.name, created_by=actor
        )
    else:
        version = _copy(latest, latest.number + 1, actor)
    committee.mandate_versions.append(version)
    db.session.flush()
    audit.record(
        "mandate.new_version",
        version,
        actor,
        committee_id=committee.id,
        details={"number": version.number},
    )
    db.session.commit()
    return version


@atomic
def submit(version: MandateVersion, actor: User, expected_status: str | None) -> None:
    """Send a complete draft to political treatment; it is locked from now on."""
    committee = committee_flow.lock(version.committee)
    if expected_status is not None and version.status.value != expected_status:
        raise StaleState(_("Kommissoriet er blevet ændret, siden du åbnede siden."))
    if not permissions.can_submit_mandate(actor, committee):
        raise PermissionDenied(_("Du har ikke ret til at sende kommissoriet til behandling."))
    if not version.is_draft:
        raise NotAllowed(_("Kun et udkast kan sendes til politisk behandling."))
    missing = version.missing_for_submission()
    if missing:
        raise NotAllowed(_("Kommissoriet mangler:"), missing)
    version.status = MandateStatus.submitted
    version.submitted_at = utcnow()
    if committee.state is committee_flow.S.idea:
        committee_flow.apply(committee, committee_flow.BY_NAME["start_drafting"], actor)
    reminders.plan(committee)
    audit.record(
        "mandate.submitted",
        version,
        actor,
        committee_id=committee.id,
        from_state="draft",
        to_state="submitted",
    )
    db.session.commit()


@atomic
def withdraw(version: MandateVersion, actor: User, expected_status: str | None) -> None:
    """Take a submitted version back to draft (e.g. before the meeting treats it)."""
    committee_flow.lock(version.committee)
    if expected_status is not None and version.status.value != expected_status:
        raise StaleState(_("Kommissoriet er blevet ændret, siden du åbnede siden."))
    if not permissions.can_submit_mandate(actor, version.committee):
        raise PermissionDenied(_("Du har ikke ret til at trække kommissoriet tilbage."))
    if version.status is not MandateStatus.submitted:
        raise NotAllowed(_("Kun et kommissorium i politisk behandling kan trækkes tilbage."))
    version.status = MandateStatus.draft
    notices.complete_actions("mandate_decision_pending", version)
    reminders.plan(version.committee)
    audit.record(
        "mandate.withdrawn",
        version,
        actor,
        committee_id=version.committee_id,
        from_state="submitted",
        to_state="draft",
    )
    db.session.commit()


def outcome_allowed(body: PoliticalBody, outcome: ApprovalOutcome) -> bool:
    """Only the council approves a mandate; the other bodies recommend it."""
    return outcome is not ApprovalOutcome.approved or body.kind is BodyKind.council


def _approve(version: MandateVersion, decided_on: date, actor: User) -> None:
    committee = version.committee
    for other in committee.mandate_versions:
        if other.is_approved and other is not version:
            other.status = MandateStatus.superseded
            coverage.carry_links(other, version)
    version.status = MandateStatus.approved
    version.approved_on = decided_on
    if committee.state in committee_flow.BY_NAME["approve_mandate"].sources:
        committee_flow.apply(committee, committee_flow.BY_NAME["approve_mandate"], actor)


@atomic
def record_decision(
    version: MandateVersion,
    *,
    body: PoliticalBody,
    decided_on: date,
    agenda_reference: str,
    outcome: ApprovalOutcome,
    note: str,
    actor: User,
    expected_status: str | None,
) -> MandateApproval:
    """Record a body's decision on a submitted version; the council's approval puts it in force."""
    committee_flow.lock(version.committee)
    if expected_status is not None and version.status.value != expected_status:
        raise StaleState(_("Kommissoriet er blevet ændret, siden du åbnede siden."))
    if not permissions.can_record_mandate_decision(actor, version.committee):
        raise PermissionDenied(_("Du har ikke ret til at registrere politiske beslutninger."))
    if version.status is not MandateStatus.submitted:
        raise NotAllowed(_("Kun et kommissorium i politisk behandling kan få en beslutning."))
    if not outcome_allowed(body, outcome):
        raise NotAllowed(_("Kun kommunalbestyrelsen kan godkende et kommissorium endeligt."))
    decision = MandateApproval(
        body=body,
        decided_on=decided_on,
        agenda_reference=agenda_reference,
        outcome=outcome,
        note=note,
        recorded_by=actor,
    )
    version.approvals.append(decision)
    new_status = {
        ApprovalOutcome.approved: MandateStatus.approved,
        ApprovalOutcome.returned: MandateStatus.draft,
    }.get(outcome, version.status)
    # The decision is written first so the timeline shows it before what it caused.
    audit.record(
        "mandate.decision",
        version,
        actor,
        committee_id=version.committee_id,
        from_state=version.status.value,
        to_state=new_status.value,
        details={"body": body.name, "outcome": outcome.name, "agenda": agenda_reference},
    )
    if outcome is ApprovalOutcome.approved:
        _approve(version, decided_on, actor)
        _notify_approved(version)
    else:
        version.status = new_status
    if version.status is not MandateStatus.submitted:
        notices.complete_actions("mandate_decision_pending", version)
    reminders.plan(version.committee)
    db.session.commit()
    return decision


def _notify_approved(version: MandateVersion) -> None:
    """The committee's members and facilitator learn that the mandate is in force."""
    committee = version.committee
    for m in committee.memberships:
        if m.end_date is None or m.end_date >= version.approved_on:
            notices.notify(
                m.user,
                "mandate_approved",
                key=notices.dedupe_key("mandate_approved", version.id, m.user_id),
                subject=version,
                committee_id=committee.id,
                context={
                    "committee": committee.name,
                    "number": version.number,
                    "link": {"committee_id": committee.id, "number": version.number},
                },
            )


@dataclass(frozen=True)
class FieldDiff:
    """One field of two versions side by side, with a word diff when they differ."""

    label: str
    changed: bool
    html: Markup


def _word_diff(a: str, b: str) -> Markup:
    old, new = a.split(" "), b.split(" ")
    parts: list[Markup] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(Markup("<del>%s</del>") % " ".join(old[i1:i2]))
        if op in ("insert", "replace"):
            parts.append(Markup("<ins>%s</ins>") % " ".join(new[j1:j2]))
        if op == "equal":
            parts.append(escape(" ".join(old[i1:i2])))
    return Markup(" ").join(parts)


def _diff(a: str, b: str) -> Markup:
    """Line by line (lists stay lists), and word by word inside a changed line."""
    old, new = a.splitlines(), b.splitlines()
    lines: list[Markup] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        if op == "equal":
            lines.extend(escape(line) for line in old[i1:i2])
        elif op == "replace" and i2 - i1 == j2 - j1:
            lines.extend(_word_diff(o, n) for o, n in zip(old[i1:i2], new[j1:j2], strict=True))
        else:
            lines.extend(Markup("<del>%s</del>") % line for line in old[i1:i2])
            lines.extend(Markup("<ins>%s</ins>") % line for line in new[j1:j2])
    return Markup("<br>").join(lines)


def _date(d: date | None) -> str:
    return format_date(d, "long") if d else ""


def _as_text(version: MandateVersion) -> list[tuple[str, str]]:
    rows = [(str(label), getattr(version, name) or "") for name, label in TEXT_FIELDS]
    rows += [
        (_("Opgave"), "\n".join(f"{q.position}. {q.text}" for q in version.task_questions)),
        (_("Leverancer"), "\n".join(f"- {d.text}" for d in version.deliverables)),
        (
            _("Kompetenceprofiler"),
            "\n".join(f"- {p.name}: {p.description}" for p in version.competence_profiles),
        ),
        (_("Start"), _date(version.start_date)),
        (_("Slut"), _date(version.end_date)),
        (_("Afleveringsdato"), _date(version.handover_date)),
        (_("Pladser til kommunalbestyrelsesmedlemmer"), str(version.seats_councillors)),
        (_("Pladser til borgermedlemmer"), str(version.seats_citizens)),
        (_("Pladser til interessenter/sagkyndige"), str(version.seats_stakeholders)),
        (
            _("Formanden skal være kommunalbestyrelsesmedlem"),
            _("Ja") if version.chair_must_be_councillor else _("Nej"),
        ),
        (_("Næstformand"), version.vice_chair_method.label),
    ]
    return rows


def compare(a: MandateVersion, b: MandateVersion) -> list[FieldDiff]:
    """Field-by-field differences from version a to version b."""
    out = []
    for (label, old), (_label, new) in zip(_as_text(a), _as_text(b), strict=True):
        same = Markup("<br>").join(escape(line) for line in new.splitlines())
        out.append(FieldDiff(label, old != new, _diff(old, new) if old != new else same))
    return out
