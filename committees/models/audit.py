"""The audit trail: who changed what, when, from which state to which."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from committees.extensions import db
from committees.models.base import UTCDateTime, utcnow
from committees.models.user import User

ACTION_LABELS = {
    "committee.created": _l("Udvalget blev oprettet"),
    "committee.edited": _l("Udvalgets oplysninger blev ændret"),
    "committee.copied_from": _l("Udvalget blev oprettet ud fra et tidligere udvalg"),
    "committee.copied_to": _l("Et nyt udvalg blev oprettet ud fra dette"),
    "committee.start_drafting": _l("Arbejdet med kommissoriet gik i gang"),
    "committee.approve_mandate": _l("Kommissoriet blev godkendt"),
    "committee.open_recruitment": _l("Rekrutteringen blev åbnet"),
    "committee.constitute": _l("Udvalget blev konstitueret"),
    "committee.start_work": _l("Arbejdsfasen begyndte"),
    "committee.hand_over": _l("Anbefalingerne blev afleveret"),
    "committee.dissolve": _l("Udvalget blev nedlagt"),
    "committee.start_implementation": _l("Implementeringen begyndte"),
    "committee.evaluate": _l("Forløbet blev evalueret og afsluttet"),
    "mandate.edited": _l("Kommissoriets udkast blev redigeret"),
    "mandate.new_version": _l("En ny version af kommissoriet blev påbegyndt"),
    "mandate.submitted": _l("Kommissoriet blev sendt til politisk behandling"),
    "mandate.withdrawn": _l("Kommissoriet blev trukket tilbage til udkast"),
    "mandate.decision": _l("En politisk beslutning om kommissoriet blev registreret"),
    "membership.added": _l("Et medlem blev tilføjet"),
    "membership.changed": _l("Et medlemskab blev ændret"),
    "membership.leave": _l("Orlov blev registreret"),
    "user.created": _l("En bruger blev oprettet"),
    "reminders.changed": _l("Påmindelserne blev ændret"),
    "user.changed": _l("En bruger blev ændret"),
    "user.password_set": _l("En adgangskode blev valgt"),
    "user.created_from_cli": _l("En bruger blev oprettet fra kommandolinjen"),
    "user.deactivated_from_cli": _l("En bruger blev deaktiveret fra kommandolinjen"),
    "municipality.set_up": _l("Kommunen blev sat op fra kommandolinjen"),
    "municipality.changed": _l("Kommunens oplysninger blev ændret"),
    "municipality.logo_changed": _l("Kommunens logo blev ændret"),
    "municipality.closing_days_changed": _l("Kommunens lukkedage blev ændret"),
    "municipality.mail_tested": _l("En testbesked blev sendt"),
    "body.created": _l("Et politisk udvalg blev oprettet"),
    "body.changed": _l("Et politisk udvalg blev ændret"),
    "body.retired": _l("Et politisk udvalg blev gjort inaktivt"),
    "body.reactivated": _l("Et politisk udvalg blev aktivt igen"),
    "body.deleted": _l("Et politisk udvalg blev slettet"),
    "body.members_changed": _l("Medlemmerne af et politisk udvalg blev ændret"),
    "meeting.created": _l("Et møde blev planlagt"),
    "meeting.plan": _l("Møde- og aktivitetsplanen blev lagt"),
    "meeting.edited": _l("Et møde blev ændret"),
    "meeting.moved": _l("Et møde blev flyttet"),
    "meeting.cancelled": _l("Et møde blev aflyst"),
    "meeting.guest_added": _l("En gæst blev inviteret til et møde"),
    "meeting.guest_removed": _l("En gæst blev fjernet fra et møde"),
    "meeting.rsvp": _l("Et medlem svarede på en indkaldelse"),
    "agenda.item_added": _l("Et punkt blev føjet til dagsordenen"),
    "agenda.item_edited": _l("Et dagsordenspunkt blev ændret"),
    "agenda.item_deleted": _l("Et dagsordenspunkt blev fjernet"),
    "agenda.published": _l("Dagsordenen blev udsendt"),
    "working_group.created": _l("En arbejdsgruppe blev oprettet"),
    "material.uploaded": _l("Et bilag blev uploadet"),
    "material.replaced": _l("En ny version af et bilag blev uploadet"),
    "material.closed": _l("Et bilag blev gjort lukket"),
    "material.opened": _l("Et bilag blev gjort åbent"),
    "material.deleted": _l("Et bilag blev slettet"),
    "attendance.recorded": _l("Fremmødet blev registreret"),
    "minutes.written": _l("Referatet blev skrevet eller rettet"),
    "minutes.sent": _l("Referatet blev sendt til godkendelse"),
    "minutes.approval_given": _l("Et medlem godkendte referatet"),
    "minutes.commented": _l("Et medlem kommenterede referatet"),
    "minutes.reopened": _l("Referatet blev taget tilbage til udkast"),
    "minutes.approved": _l("Referatet blev godkendt og låst"),
    "minutes.published": _l("Referatet blev offentliggjort"),
    "action_point.added": _l("Et aktionspunkt blev tilføjet"),
    "action_point.done": _l("Et aktionspunkt blev markeret som udført"),
    "conflict.declared": _l("Et medlem erklærede sig inhabil på et punkt"),
    "conflict.withdrawn": _l("En erklæring om inhabilitet blev trukket tilbage"),
    "calendar.token_created": _l("Et kalenderlink blev oprettet"),
    "calendar.token_revoked": _l("Et kalenderlink blev slået fra"),
    "committee.lessons_saved": _l("Erfaringerne fra forløbet blev skrevet ned"),
    "council_calendar.added": _l("Et møde blev føjet til den politiske kalender"),
    "council_calendar.deleted": _l("Et møde blev fjernet fra den politiske kalender"),
    "recruitment.call_opened": _l("Det åbne opslag blev offentliggjort"),
    "recruitment.call_changed": _l("Opslaget blev ændret"),
    "recruitment.call_extended": _l("Ansøgningsfristen blev forlænget"),
    "recruitment.call_closed": _l("Ansøgningsfristen udløb, og opslaget blev lukket"),
    "recruitment.call_closed_early": _l("Opslaget blev lukket før tid"),
    "recruitment.application_started": _l("En ansøgning blev påbegyndt"),
    "recruitment.application_received": _l("En ansøgning blev modtaget"),
    "recruitment.application_updated": _l("En ansøgning blev ændret"),
    "recruitment.application_withdrawn": _l("En ansøgning blev trukket tilbage"),
    "recruitment.application_marked": _l("En ansøgning blev vurderet"),
    "recruitment.applications_erased": _l("Ansøgninger blev slettet efter opbevaringsfristen"),
    "recruitment.appointment_recorded": _l("Udpegningen blev registreret"),
    "recruitment.reserve_appointed": _l("En suppleant blev udpeget"),
    "recommendation.created": _l("En anbefaling blev skrevet"),
    "recommendation.revised": _l("En anbefaling blev revideret"),
    "recommendation.commented": _l("Et medlem kommenterede en anbefaling"),
    "recommendation.comments_opened": _l("En anbefaling blev sendt til kommentering"),
    "recommendation.comments_closed": _l("Kommenteringen af en anbefaling blev lukket"),
    "recommendation.reopened": _l("En vedtaget anbefaling blev åbnet igen"),
    "recommendation.withdrawn": _l("En anbefaling blev trukket tilbage"),
    "recommendation.endorsed": _l("Udvalget vedtog en anbefaling"),
    "recommendations.handed_over": _l("Anbefalingerne blev afleveret til politisk behandling"),
    "recommendation.on_agenda": _l("En anbefaling blev sat på en politisk dagsorden"),
    "recommendation.decided": _l("En politisk beslutning om en anbefaling blev registreret"),
    "recommendation.action_added": _l("En handling blev føjet til handlingsplanen"),
    "recommendation.action_edited": _l("En handling i handlingsplanen blev ændret"),
    "recommendation.progress_update": _l("En statusopdatering blev skrevet"),
    "recommendation.review_completed": _l("En opfølgning blev gennemført"),
    "recommendations.follow_confirmed": _l("Nogen begyndte at følge med"),
    "recommendations.follow_ended": _l("Nogen holdt op med at følge med"),
}


def _state_enums(action: str) -> tuple:
    # Audit rows keep plain codes; which enums name them depends on what the entry is about
    # ("draft" is a mandate's, a recommendation's and minutes' state, with different words).
    from committees.models.committee import CommitteeState
    from committees.models.implementation import ActionStatus
    from committees.models.mandate import MandateStatus
    from committees.models.meeting import MeetingStatus, MinutesStatus
    from committees.models.recommendation import DecisionState, RecommendationStatus
    from committees.models.recruitment import ApplicationStatus

    general = (CommitteeState, MandateStatus, MeetingStatus, MinutesStatus)
    if action.startswith("recommendation"):
        return (RecommendationStatus, DecisionState, ActionStatus, *general)
    if action.startswith("recruitment."):
        return (ApplicationStatus, *general)
    return general


def _state_label(code: str | None, action: str = "") -> str:
    if not code:
        return ""
    for enum_cls in _state_enums(action):
        if code in enum_cls.__members__:
            return enum_cls[code].label
    return code


class AuditEntry(db.Model):
    """One recorded event; written in the same transaction as the change it describes."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_committee_at", "committee_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committees.id", ondelete="CASCADE")
    )
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str | None] = mapped_column(String(40))
    comment: Mapped[str] = mapped_column(Text, default="")
    # Facts about the event as codes and names, put into words in the reader's language.
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        """A sentence describing what happened."""
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def from_label(self) -> str:
        return _state_label(self.from_state, self.action)

    @property
    def to_label(self) -> str:
        return _state_label(self.to_state, self.action)

    @property
    def details_text(self) -> str:
        """The details as a sentence in the current language."""
        return describe(self.details or {}, self.action)


def _outcome_label(code: str | None) -> str:
    """A mandate approval's or a recommendation decision's outcome, whichever the code names."""
    from committees.models.implementation import DecisionOutcome
    from committees.models.mandate import ApprovalOutcome

    for enum_ in (DecisionOutcome, ApprovalOutcome):
        if code in enum_.__members__:
            return enum_[code].label
    return ""


def describe(d: dict, action: str = "") -> str:
    """Words for an audit entry's details (codes become labels in the reader's language)."""
    from committees.models.membership import MemberRole, MemberType

    parts = []
    if "user" in d:
        parts.append(d["user"])
    if d.get("role") in MemberRole.__members__:
        role = MemberRole[d["role"]].label
        kind = MemberType[d["member_type"]].label if d.get("member_type") else ""
        parts.append(f"{role} ({kind.lower()})" if kind else role)
    if "number" in d and action.startswith("recommendation."):
        parts.append(str(_l("anbefaling %(n)s", n=d["number"])))
        if "version" in d:
            parts.append(str(_l("version %(n)s", n=d["version"])))
    elif "number" in d:
        parts.append(str(_l("version %(n)s", n=d["number"])))
    if "body" in d:
        outcome = _outcome_label(d.get("outcome"))
        parts.append(f"{d['body']}: {outcome} {d.get('agenda', '')}".strip())
    if "from" in d and "to" in d:
        parts.append(f"{d['from']} – {d['to']}")
    if "present" in d:
        parts.append(
            str(
                _l(
                    "til stede: %(p)s, afbud: %(a)s, fraværende: %(f)s",
                    p=d["present"],
                    a=d.get("apology", 0),
                    f=d.get("absent", 0),
                )
            )
        )
    if "approvers" in d:
        parts.append(str(_l("sendt til %(n)s", n=d["approvers"])))
    if "progress" in d:
        parts.append(str(_l("fremdrift %(p)s\u00a0%%", p=d["progress"])))
    if "count" in d:
        parts.append(str(_l("antal: %(n)s", n=d["count"])))
    if action == "committee.copied_from":
        parts.append(str(_l("ud fra »%(name)s«", name=d.get("source", ""))))
        parts.append(str(_l("møder i planen: %(n)s", n=d.get("meetings", 0))))
    if action == "committee.copied_to":
        parts.append(str(_l("det nye udvalg hedder »%(name)s«", name=d.get("target", ""))))
    if d.get("active") is False:
        parts.append(str(_l("deaktiveret")))
    return ", ".join(p for p in parts if p)
