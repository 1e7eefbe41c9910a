"""Demo data: a mandate's history, written as the mandate workflow would have written it
(versions with their rows, edits, submission, each body's decision, a revision). Part of the
builder: `_Builder` mixes it in and provides `users`, `bodies`, `day`, `at` and `event`."""

from datetime import date, datetime

from committees.demo.people import COUNCIL, FINANCE, _md, _Spec
from committees.models import (
    ApprovalOutcome,
    Committee,
    CommitteeState,
    CompetenceProfile,
    Deliverable,
    MandateApproval,
    MandateStatus,
    MandateVersion,
    TaskQuestion,
    User,
)


class _MandateHistory:
    """The mandate versions of one demo committee and their political treatment."""

    _agenda = 0  # a running agenda number for the bodies' decisions

    def version(
        self, c: Committee, spec: _Spec, number: int, content: dict, end: int, created: datetime
    ) -> MandateVersion:
        """A mandate version with its questions, deliverables and competence profiles."""
        texts = {k: _md(v) for k, v in content.items() if isinstance(v, str)}
        c_seats, b_seats, s_seats = content["seats"]
        is_draft = spec.state is CommitteeState.mandate_draft
        v = MandateVersion(
            number=number,
            title=spec.name,
            created_at=created,
            created_by=self.users[spec.staff],
            start_date=self.day(spec.times["start"]),
            end_date=self.day(end),
            handover_date=None if is_draft else self.day(end),
            seats_councillors=c_seats,
            seats_citizens=b_seats,
            seats_stakeholders=s_seats,
            chair_must_be_councillor=True,
            vice_chair_method=content["vice"],
            **texts,
        )
        v.task_questions = [
            TaskQuestion(position=i, text=q) for i, q in enumerate(content["questions"], 1)
        ]
        v.deliverables = [
            Deliverable(position=i, text=d) for i, d in enumerate(content["deliverables"], 1)
        ]
        v.competence_profiles = [
            CompetenceProfile(position=i, name=n, description=d)
            for i, (n, d) in enumerate(content["profiles"], 1)
        ]
        c.mandate_versions.append(v)
        return v

    def draft_history(self, c: Committee, v: MandateVersion, spec: _Spec) -> None:
        """A draft being written: a few saves, the last a few days ago."""
        staff = self.users[spec.staff]
        first, last = spec.times["created"], spec.times["edits"]
        for offset in (first + 8, (first + last) // 2, last):
            at = self.at(self.day(offset), 13, 5)
            self.event(at, "mandate.edited", v, c, staff, comment="Version 1")

    def treat(self, c: Committee, v: MandateVersion, spec: _Spec, t: dict) -> None:
        """Edits, submission and the decisions: standing committees, finance, then council."""
        staff = self.users[spec.staff]
        number = f"Version {v.number}"
        self.event(
            self.at(self.day(t["created"] + 4), 11, 0),
            "mandate.edited",
            v,
            c,
            staff,
            comment=number,
        )
        self.event(
            self.at(self.day(t["submitted"] - 6), 14, 30),
            "mandate.edited",
            v,
            c,
            staff,
            comment=number,
        )
        self.event(
            self.at(self.day(t["submitted"]), 10, 5),
            "mandate.submitted",
            v,
            c,
            staff,
            from_state="draft",
            to_state="submitted",
        )
        for i, body in enumerate(spec.bodies):
            self.decide(c, v, body, self.day(t["recommended"] + 2 * i), staff)
        self.decide(c, v, FINANCE, self.day(t["finance"]), staff)
        self.decide(c, v, COUNCIL, self.day(t["approved"]), staff)
        v.status = MandateStatus.approved
        v.approved_on = self.day(t["approved"])

    def decide(self, c: Committee, v: MandateVersion, body: str, on: date, staff: User) -> None:
        """A body's decision on a submitted version and its audit entry."""
        council = body == COUNCIL
        outcome = ApprovalOutcome.approved if council else ApprovalOutcome.recommended
        self._agenda += 1
        ref = f"Punkt {4 + (self._agenda * 5) % 17}"
        note = (
            "Kommissoriet godkendt. Formand og politiske medlemmer udpeget."
            if council
            else "Anbefales over for Kommunalbestyrelsen."
        )
        recorded = self.at(on, 19, 30) if council else self.at(on, 15, 0)
        v.approvals.append(
            MandateApproval(
                body=self.bodies[body],
                decided_on=on,
                agenda_reference=ref,
                outcome=outcome,
                note=note,
                recorded_by=staff,
                recorded_at=recorded,
            )
        )
        self.event(
            recorded,
            "mandate.decision",
            v,
            c,
            staff,
            from_state="submitted",
            to_state="approved" if council else "submitted",
            comment=f"{body}: {outcome.label} {ref}",
        )

    def revise(self, c: Committee, v1: MandateVersion, spec: _Spec) -> None:
        """A second version approved while the committee works; the first is superseded."""
        rev, t = spec.revision, spec.revision["times"]
        content = dict(spec.mandate)
        content.update({k: rev[k] for k in ("working_method", "composition_note", "seats")})
        content["questions"] = content["questions"] + rev["add_questions"]
        content["deliverables"] = content["deliverables"] + rev["add_deliverables"]
        created = self.at(self.day(t["created"]), 9, 0)
        v2 = self.version(c, spec, 2, content, spec.times["end"], created)
        v2.change_note = rev["change_note"]
        staff = self.users[spec.staff]
        self.event(created, "mandate.new_version", v2, c, staff, comment="Version 2")
        self.treat(c, v2, spec, t)
        v1.status = MandateStatus.superseded
