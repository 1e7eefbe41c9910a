"""Demo data: the committees' recommendations and what became of them, on the political
calendar of council_calendar.py.

Written straight to the rows, as `builder` and `meetings` write history, with the audit entries
the workflows would have written, dated when they happened. The working committees have drafts
(one revised, one out for comments); the handed-over committee's set is with the standing
committees; the implementing committee's set went standing committee → Økonomiudvalget →
Kommunalbestyrelsen about ten months ago and has action plans, updates and follow-up reviews.
"""

import secrets
from datetime import date, datetime, time, timedelta

from flask import current_app

from committees.demo.council_calendar import Calendar
from committees.demo.people import CITIZEN, COUNCIL, FINANCE
from committees.demo.recommendation_story import Action, Rec
from committees.demo.recommendation_texts import (
    E_MAIL_FOLLOWER,
    HANDOVER_NOTES,
    RECOMMENDATIONS,
    REVIEW_NOTES,
)
from committees.extensions import db
from committees.models import (
    ActionStatus,
    Committee,
    CommitteeState,
    CouncilMeeting,
    Decision,
    DecisionOutcome,
    DecisionState,
    DeliveryMode,
    Follow,
    FollowUpReview,
    Handover,
    ImplementationAction,
    Meeting,
    MeetingKind,
    MemberRole,
    PoliticalBody,
    ProgressUpdate,
    Recommendation,
    RecommendationComment,
    RecommendationStatus,
    RecommendationVersion,
    Role,
    User,
)
from committees.models.base import local_today, utcnow
from workflows import audit, workdays
from workflows.recommendations.followup import add_months

FINISHED = (CommitteeState.handed_over, CommitteeState.dissolved, CommitteeState.implementing)


def load() -> None:
    """The calendar, then each demo committee's recommendations, then a few followers."""
    today = local_today()
    calendar = Calendar(today)
    calendar.write()
    committees = {c.name: c for c in db.session.scalars(db.select(Committee))}
    for name, recs in RECOMMENDATIONS.items():
        if name in committees:
            _Trail(committees[name], recs, calendar, today).write()
    _follows(committees, today)
    db.session.commit()


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return workdays.local_moment(day, time(hour, minute))


class _Trail:
    """One committee's recommendations, from draft to decision and implementation."""

    def __init__(self, c: Committee, recs: tuple[Rec, ...], calendar: Calendar, today: date):
        self.c, self.recs, self.cal, self.today = c, recs, calendar, today
        self.staff = next(m.user for m in c.memberships if m.role is MemberRole.facilitator)
        self.members = {m.user.name: m.user for m in c.memberships}
        self.questions = c.approved_mandate.task_questions
        self.bodies = {b.name: b for b in db.session.scalars(db.select(PoliticalBody))}
        self.events: list[tuple] = []
        self.now = utcnow()
        self.counter = 3 + c.id
        self.links: list[tuple[ProgressUpdate, FollowUpReview]] = []

    def write(self) -> None:
        """Drafts for a working committee; the endorsed, handed-over set for a finished one."""
        if self.c.state in FINISHED:
            self.handed_over()
        else:
            for number, rec in enumerate(self.recs, 1):
                self.draft(number, rec)
        db.session.flush()
        for update, review in self.links:
            update.review_id = review.id
        for at, action, obj, kw in sorted(self.events, key=lambda e: e[0]):
            actor = kw.pop("actor", self.staff)
            audit.record(action, obj, actor, committee_id=self.c.id, **kw).at = at

    def event(self, at: datetime, action: str, obj: object, **kw) -> None:
        self.events.append((min(at, self.now - timedelta(minutes=5)), action, obj, kw))

    def new(self, number: int, rec: Rec, created: datetime) -> Recommendation:
        """The row with its versions (a revised one keeps its first text as version 1)."""
        row = Recommendation(committee=self.c, number=number, title=rec.title, text=rec.text)
        row.rationale, row.created_at = rec.rationale, created
        row.questions = [self.questions[i - 1] for i in rec.questions]
        texts = [(rec.title, rec.text, "")]
        if rec.earlier:
            texts.insert(0, (rec.earlier[0], rec.earlier[1], ""))
            texts[1] = (rec.title, rec.text, rec.earlier[2])
        for n, (title, text, note) in enumerate(texts, 1):
            at = created if n == 1 else created + timedelta(days=18)
            version = RecommendationVersion(number=n, title=title, text=text, change_note=note)
            version.rationale, version.created_by, version.created_at = (
                rec.rationale,
                self.staff,
                at,
            )
            row.versions.append(version)
            action = "recommendation.created" if n == 1 else "recommendation.revised"
            self.event(at, action, row, comment=title, details={"number": n})
        row.version, row.updated_at = len(texts), row.versions[-1].created_at
        db.session.add(row)
        return row

    def draft(self, number: int, rec: Rec) -> None:
        """A draft; one is out for comments until a few working days from now."""
        start = workdays.add_working_days(self.today - timedelta(days=45 - 6 * number), 0)
        row = self.new(number, rec, _at(start, 10, 30))
        if not rec.commenting:
            return
        window = current_app.config["COMMENT_WINDOW_DAYS"]
        row.comment_deadline = workdays.working_days_after(self.today, 3)
        opened = workdays.working_days_before(row.comment_deadline, window)
        row.status = RecommendationStatus.commenting
        self.event(
            _at(opened, 9, 15),
            "recommendation.comments_opened",
            row,
            comment=f"Frist for kommentarer: {row.comment_deadline:%d.%m.%Y}",
        )
        for i, (name, text) in enumerate(rec.comments):
            at = min(_at(opened, 16 + i, 20), self.now - timedelta(hours=2 + i))
            author = self.members[name]
            row.comments.append(
                RecommendationComment(
                    version_number=row.version, author=author, text=text, created_at=at
                )
            )
            self.event(at, "recommendation.commented", row, actor=author, comment=name)

    def handed_over(self) -> None:
        """Endorsed at the last committee meeting, handed over, then decided on."""
        meeting = db.session.scalar(
            db.select(Meeting)
            .filter_by(committee_id=self.c.id, kind=MeetingKind.committee_meeting)
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        )
        endorsed, handed = meeting.local_date, self.c.planned_end
        target = self.cal.target(handed, list(self.c.parent_bodies))
        handover = self.handover(handed, target)
        rows = []
        for number, rec in enumerate(self.recs, 1):
            created = _at(workdays.add_working_days(endorsed - timedelta(days=60), number), 10)
            row = self.new(number, rec, created)
            row.status, row.handover = RecommendationStatus.handed_over, handover
            row.endorsed_at_meeting, row.endorsed_on = meeting, endorsed
            row.decision_state = DecisionState.awaiting
            rows.append((row, rec))
        for row, _rec in rows:
            at, comment = meeting.ends_at + timedelta(minutes=20), f"Mødet {endorsed:%d.%m.%Y}"
            self.event(
                at, "recommendation.endorsed", row, comment=comment, details={"meeting": meeting.id}
            )
        self.event(
            handover.recorded_at,
            "recommendations.handed_over",
            handover,
            comment=f"Afleveret til {' og '.join(b.name for b in self.c.parent_bodies)}",
            details={"count": len(rows)},
        )
        first_waiting = True
        for row, rec in rows:
            if rec.steps:
                self.decide(row, rec, handed, target)
            elif first_waiting:
                first_waiting = False
                self.on_agenda(row, rec, handed)

    def handover(self, handed: date, target: CouncilMeeting) -> Handover:
        """The handover row, aimed at the first council meeting it is in time for."""
        handover = Handover(committee=self.c, handed_over_on=handed, council_meeting=target)
        plan = self.cal.plan(target, list(self.c.parent_bodies))
        handover.latest_handover_on = plan.latest_handover_on
        handover.note, handover.recorded_by = HANDOVER_NOTES.get(self.c.name, ""), self.staff
        handover.recorded_at = _at(handed, 14, 10)
        db.session.add(handover)
        return handover

    def on_agenda(self, row: Recommendation, rec: Rec, handed: date) -> None:
        """On the standing committee's next agenda: public from the agenda's publication."""
        meeting = next(m for m in self.cal.of(rec.body) if m.meets_on > self.today)
        out = workdays.working_days_before(meeting.meets_on, 5)
        row.public_since = min(_at(max(out, handed), 12), self.now - timedelta(hours=1))
        row.decision_state = DecisionState.on_agenda
        row.agenda_body, row.agenda_on = meeting.body, meeting.meets_on
        row.agenda_reference = f"Punkt {4 + (self.counter + 3) % 19}"
        self.event(
            row.public_since,
            "recommendation.on_agenda",
            row,
            comment=f"{rec.body} {meeting.meets_on:%d.%m.%Y}",
        )

    def decide(self, row: Recommendation, rec: Rec, handed: date, target) -> None:
        """The bodies' decisions, in order; the last sets the decision state."""
        cycles = [self.cal.cycle(rec.body, workdays.working_days_after(handed, 3), target)]
        cycles.append(self.cal.next_cycle(cycles[0]))
        index = {"standing": 0, "finance": 1, "council": 2}
        names = {"standing": rec.body, "finance": FINANCE, "council": COUNCIL}
        for step in rec.steps:
            meeting = cycles[step.cycle][index[step.body]]
            if meeting.meets_on >= self.today:
                break
            final = step.final or step.body == "council"
            decision = self.decision(step, self.bodies[names[step.body]], meeting, final)
            outcome = decision.outcome
            row.decisions.append(decision)
            if row.public_since is None:  # the first body's agenda made it public
                out = workdays.working_days_before(meeting.meets_on, 5)
                row.public_since = _at(max(out, handed + timedelta(days=1)), 12)
                row.agenda_body, row.agenda_on = decision.body, meeting.meets_on
                row.agenda_reference = decision.agenda_reference
            row.decision_state = (
                DecisionState[step.outcome] if final else DecisionState.in_treatment
            )
            comment = f"{names[step.body]}: {outcome.label} ({decision.agenda_reference})"
            details = {"recommendation": row.number}
            self.event(
                decision.recorded_at,
                "recommendation.decided",
                decision,
                comment=comment,
                details=details,
            )
            if final:
                row.decided_on = meeting.meets_on
        if row.decision_state.leads_to_implementation:
            self.implement(row, rec)

    def decision(self, step, body: PoliticalBody, meeting: CouncilMeeting, final: bool) -> Decision:
        """A body's decision at its meeting, recorded by the secretariat that evening."""
        self.counter += 5
        return Decision(
            body=body,
            decided_on=meeting.meets_on,
            agenda_reference=f"Punkt {4 + self.counter % 19}",
            outcome=DecisionOutcome[step.outcome],
            final=final,
            reason=step.reason,
            changed_text=step.changed,
            recorded_by=self.staff,
            recorded_at=_at(meeting.meets_on, 21 if step.body == "council" else 16, 30),
        )

    def implement(self, row: Recommendation, rec: Rec) -> None:
        """Follow-up reviews at 3, 6 and 12 months and the action plan with its updates; the
        review of the last decided recommendation that fell due most recently is overdue."""
        for months in current_app.config["FOLLOW_UP_MONTHS"]:
            due = add_months(row.decided_on, months)
            review = FollowUpReview(months=months, due_on=due, note=REVIEW_NOTES.get(months, ""))
            late = any(s.cycle for s in rec.steps) and add_months(due, 3) > self.today
            if due < self.today and not late:
                done = _at(workdays.working_days_after(due, 3), 10)
                review.done_at = min(done, self.now - timedelta(hours=1))
            row.reviews.append(review)
        contacts = [self.staff, *(u for u in self._secretariat() if u is not self.staff)]
        for i, action in enumerate(rec.actions):
            self.action(row, rec, action, contacts[i % len(contacts)])

    def _secretariat(self) -> list[User]:
        return list(db.session.scalars(db.select(User).filter_by(role=Role.secretariat)))

    def action(self, row: Recommendation, rec: Rec, a: Action, contact: User) -> None:
        """One action and its dated updates, linked to the review they answered."""
        start = row.decided_on + timedelta(days=14)
        item = ImplementationAction(
            title=a.title,
            description=a.description,
            owner_unit=a.unit,
            owner_body=self.bodies[rec.body],
            contact=contact,
            due_on=(
                workdays.add_working_days(self.today, -a.late)
                if a.late
                else row.decided_on + timedelta(days=a.due)
            ),
            status=ActionStatus[a.status],
            progress=a.progress,
            dropped_reason=a.dropped,
            created_at=_at(start, 9, 40),
        )
        row.actions.append(item)
        self.event(item.created_at, "recommendation.action_added", item, comment=a.title)
        self.updates(row, item, a, contact, start)

    def updates(
        self, row: Recommendation, item: ImplementationAction, a: Action, contact: User, start
    ) -> None:
        """The action's updates, spread from its start to a week ago (or its due date)."""
        end = self.today - timedelta(days=6)
        if a.status == "done":
            end = min(end, item.due_on)
        used: set[int] = set()
        for i, text in enumerate(a.updates, 1):
            written = start + (end - start) * i / len(a.updates)
            written = workdays.add_working_days(min(written, end), 0)
            status, progress = _update_state(a, i)
            review = _answered_review(row, written, used)
            at = min(_at(written, 14), self.now - timedelta(hours=1))
            update = ProgressUpdate(written_on=written, text=text, status=status, progress=progress)
            update.author, update.created_at = contact, at
            item.updates.append(update)
            if review is not None:
                self.links.append((update, review))
            item.updated_at = at
            comment = f"{a.title}: {status.label} ({progress} %)"
            self.event(at, "recommendation.progress_update", item, actor=contact, comment=comment)


def _update_state(a: Action, i: int) -> tuple[ActionStatus, int]:
    """Update i of the action: on track and growing, the last one at the action's own state."""
    last = i == len(a.updates)
    status = ActionStatus[a.status] if last else ActionStatus.on_track
    if a.status == "not_started":
        status = ActionStatus.not_started
    progress = a.progress if last else a.progress * i // (len(a.updates) + 1)
    if a.status == "done" and not last:
        progress = 100 * i // len(a.updates)
    return status, progress


def _answered_review(row: Recommendation, written: date, used: set[int]):
    """The done review an update written on that day answered (each review once), or None."""
    for r in row.reviews:
        if r.is_done and id(r) not in used and 0 <= (written - r.due_on).days < 45:
            used.add(id(r))
            return r
    return None


def _follows(committees: dict[str, Committee], today: date) -> None:
    """An e-mail follower of the implementing committee (confirmed, weekly digest) and a member
    of another committee following one of its recommendations with her account."""
    implementing = next((c for c in committees.values() if c.state.name == "implementing"), None)
    if implementing is None:
        return
    first = db.session.scalar(
        db.select(Recommendation).filter_by(committee_id=implementing.id, number=1)
    )
    sara = db.session.scalar(db.select(User).filter_by(email=CITIZEN))
    confirmed = _at(workdays.add_working_days(today - timedelta(days=120), 0), 20, 5)
    db.session.add_all(
        [
            Follow(
                committee=implementing,
                email=E_MAIL_FOLLOWER,
                target=f"c:{implementing.id}",
                who=f"e:{E_MAIL_FOLLOWER}",
                mode=DeliveryMode.weekly,
                token=secrets.token_urlsafe(32),
                created_at=confirmed - timedelta(minutes=3),
                confirmed_at=confirmed,
            ),
            Follow(
                recommendation=first,
                user=sara,
                target=f"r:{first.id}",
                who=f"u:{sara.id}",
                token=secrets.token_urlsafe(32),
                created_at=confirmed + timedelta(days=30),
                confirmed_at=confirmed + timedelta(days=30),
            ),
        ]
    )
