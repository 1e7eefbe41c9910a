"""Every permission rule, in one place; views and templates both ask these."""

from committees.models import (
    Committee,
    Meeting,
    MemberRole,
    Membership,
    MinutesStatus,
    Role,
    User,
)
from committees.models.base import local_today


def _user(user) -> User | None:
    """Flask-Login's anonymous user is not a User; treat it as None."""
    return user if isinstance(user, User) and user.is_authenticated else None


def membership_of(user, committee: Committee) -> Membership | None:
    """The user's membership of the committee (current or past), or None."""
    u = _user(user)
    if u is None:
        return None
    return next((m for m in committee.memberships if m.user_id == u.id), None)


def is_staff(user) -> bool:
    """Administrators and the secretariat run committees."""
    u = _user(user)
    return u is not None and u.role in (Role.administrator, Role.secretariat)


def is_facilitator(user, committee: Committee) -> bool:
    """The committee's facilitator/secretary, while the membership runs."""
    m = membership_of(user, committee)
    return m is not None and m.role is MemberRole.facilitator and m.is_active_on(local_today())


def can_view_dashboard(user) -> bool:
    """The secretariat's dashboard."""
    return is_staff(user)


def can_set_up(user) -> bool:
    """The municipality's settings, political bodies and people in bulk: administrators."""
    u = _user(user)
    return u is not None and u.role is Role.administrator


def can_manage_users(user) -> bool:
    """Create accounts, send invitations, change global roles."""
    return is_staff(user)


def can_change_roles(user) -> bool:
    """Only administrators hand out the administrator and secretariat roles."""
    u = _user(user)
    return u is not None and u.role is Role.administrator


def can_create_committee(user) -> bool:
    """Setting up committees is the secretariat's job."""
    return is_staff(user)


def can_copy_committee(user, committee: Committee) -> bool:
    """Starting a new committee from one the user can see is creating a committee."""
    return can_create_committee(user) and can_view_committee(user, committee)


def can_view_committee(user, committee: Committee) -> bool:
    """The internal page: staff, every councillor, and the committee's own members."""
    u = _user(user)
    if u is None:
        return False
    if is_staff(u) or u.role is Role.councillor:
        return True
    return membership_of(u, committee) is not None


def can_view_public_committee(committee: Committee) -> bool:
    """The public page exists once the council has approved the mandate."""
    return committee.is_public


def can_edit_committee(user, committee: Committee) -> bool:
    """Name, summary, dates and anchoring."""
    return is_staff(user)


def can_run_transition(user, committee: Committee, action: str) -> bool:
    """Staff may move a committee; its facilitator may start work and record handover."""
    if is_staff(user):
        return True
    return action in ("start_work", "hand_over") and is_facilitator(user, committee)


def can_view_mandate_drafts(user, committee: Committee) -> bool:
    """Drafts and history are internal: staff, councillors and the committee's members."""
    return can_view_committee(user, committee)


def can_edit_mandate(user, committee: Committee) -> bool:
    """Staff and the facilitator write the mandate while it can still change."""
    if not committee.state.mandate_editable:
        return False
    return is_staff(user) or is_facilitator(user, committee)


def can_submit_mandate(user, committee: Committee) -> bool:
    """Sending a mandate to political treatment is the secretariat's call."""
    return is_staff(user) and committee.state.mandate_editable


def can_record_mandate_decision(user, committee: Committee) -> bool:
    """Councillors record the political decision, or the secretariat on their behalf."""
    u = _user(user)
    return u is not None and (is_staff(u) or u.role is Role.councillor)


def can_manage_members(user, committee: Committee) -> bool:
    """Staff and the committee's facilitator manage membership."""
    return is_staff(user) or is_facilitator(user, committee)


def can_see_member_contacts(user, committee: Committee) -> bool:
    """E-mail addresses are for staff and the committee's own members."""
    if is_staff(user):
        return True
    m = membership_of(user, committee)
    return m is not None and m.is_active_on(local_today())


def can_view_audit(user, committee: Committee) -> bool:
    """The history timeline is internal."""
    return can_view_committee(user, committee)


def can_manage_reminders(user) -> bool:
    """Reminder policies, for the municipality or a committee, are the secretariat's."""
    return is_staff(user)


def can_resend_notices(user) -> bool:
    """Failed deliveries are the secretariat's to look at and send again."""
    return is_staff(user)


def can_manage_recruitment(user) -> bool:
    """Calls and the handling of applications are the secretariat's."""
    return is_staff(user)


def can_view_applications(user, committee: Committee) -> bool:
    """Applications are personal data: the secretariat and the committee's chair and
    facilitator see them, nobody else (not other members, never the public)."""
    if is_staff(user):
        return True
    m = membership_of(user, committee)
    return (
        m is not None
        and m.role in (MemberRole.chair, MemberRole.facilitator)
        and m.is_active_on(local_today())
    )


def can_record_appointment(user, committee: Committee) -> bool:
    """The council's appointment is recorded by the secretariat or a councillor."""
    u = _user(user)
    return u is not None and (is_staff(u) or u.role is Role.councillor)


# --- meetings ---------------------------------------------------------------------------------


def can_manage_meetings(user, committee: Committee) -> bool:
    """Plan meetings, write and publish agendas, upload materials, keep the register and the
    minutes: the secretariat and the committee's facilitator."""
    return is_staff(user) or is_facilitator(user, committee)


def can_view_meetings(user, committee: Committee) -> bool:
    """The internal meeting pages (open parts): whoever sees the committee's workspace."""
    return can_view_committee(user, committee)


def can_view_own_meetings(user) -> bool:
    """One's own meetings across committees and the council calendar: anyone logged in."""
    return _user(user) is not None


def can_view_meeting_load(user) -> bool:
    """Everyone's meeting load and clashes, and any one person's: the secretariat."""
    return is_staff(user)


def is_committee_member(user, committee: Committee) -> bool:
    """A current member (any role) of the committee."""
    m = membership_of(user, committee)
    return m is not None and m.is_active_on(local_today())


def can_view_closed(user, committee: Committee) -> bool:
    """Closed items and closed materials: the committee's current members and the staff."""
    return is_staff(user) or is_committee_member(user, committee)


def can_view_public_meeting(meeting: Meeting) -> bool:
    """The public sees meetings marked public of committees that are public."""
    return meeting.committee.is_public and meeting.is_public


def can_view_published_agenda(user, meeting: Meeting) -> bool:
    """A draft agenda is for the people who write it; a published one for everyone who may
    see the meeting."""
    return meeting.agenda_is_published or can_manage_meetings(user, meeting.committee)


def can_rsvp(user, meeting: Meeting) -> bool:
    """Answer deltager/afbud: a current member of the committee, before the meeting."""
    return is_committee_member(user, meeting.committee) and not meeting.is_cancelled


def can_declare_conflict(user, meeting: Meeting) -> bool:
    """Declare inhabilitet on an item: a current member, until the minutes are locked."""
    return (
        is_committee_member(user, meeting.committee)
        and meeting.agenda_is_published
        and not meeting.is_cancelled
        and not meeting.minutes_status.locked
    )


def can_edit_minutes(user, meeting: Meeting) -> bool:
    """Writing the minutes stops when they are sent for approval (or locked)."""
    return (
        can_manage_meetings(user, meeting.committee)
        and meeting.minutes_status is MinutesStatus.draft
        and not meeting.is_cancelled
    )


def can_view_minutes(user, meeting: Meeting) -> bool:
    """Draft minutes are the writers'; minutes in approval are also for the members;
    approved ones for everyone who may see the meeting internally."""
    committee = meeting.committee
    if can_manage_meetings(user, committee):
        return True
    if meeting.minutes_status is MinutesStatus.draft:
        return False
    if meeting.minutes_status is MinutesStatus.in_approval:
        return is_committee_member(user, committee) or _asked_to_approve(user, meeting)
    return can_view_meetings(user, committee)


def can_export_attendance(user, committee: Committee) -> bool:
    """The register is personal data and the basis for allowances: staff and facilitator."""
    return can_manage_meetings(user, committee)


def _asked_to_approve(user, meeting: Meeting) -> bool:
    """Someone present whose membership has since ended can still read what they approve."""
    from committees.extensions import db
    from committees.models import MinutesApproval

    u = _user(user)
    return (
        u is not None
        and db.session.scalar(
            db.select(db.func.count(MinutesApproval.id)).where(
                MinutesApproval.meeting_id == meeting.id, MinutesApproval.user_id == u.id
            )
        )
        > 0
    )


# --- recommendations, decisions, implementation ------------------------------------------------


def can_view_recommendations(user, committee: Committee) -> bool:
    """Drafts and the internal trail: staff, councillors and everyone who was a member (a
    former member keeps seeing what became of the work)."""
    return can_view_committee(user, committee)


def can_view_recommendation(user, rec) -> bool:
    """A recommendation is public once a political body has it on its agenda."""
    return rec.is_public or can_view_recommendations(user, rec.committee)


def can_manage_recommendations(user, committee: Committee) -> bool:
    """Draft, revise, open the comment window, record the endorsement and the handover: the
    secretariat and the committee's facilitator."""
    return is_staff(user) or is_facilitator(user, committee)


def can_comment_recommendation(user, rec) -> bool:
    """Comment on a draft: a current member, while the comment window is open."""
    from workflows.recommendations.drafting import comment_window_open

    return is_committee_member(user, rec.committee) and comment_window_open(rec)


def can_manage_council_calendar(user) -> bool:
    """The meeting dates of the standing committees, finance committee and council."""
    return is_staff(user)


def can_record_decision(user) -> bool:
    """Councillors record political decisions, or the secretariat on their behalf."""
    u = _user(user)
    return u is not None and (is_staff(u) or u.role is Role.councillor)


def can_view_political_overview(user) -> bool:
    """All committees' recommendations awaiting a decision and implementation at risk."""
    u = _user(user)
    return u is not None and (is_staff(u) or u.role is Role.councillor)


def can_manage_implementation(user) -> bool:
    """Create and change implementation actions and reviews: the secretariat."""
    return is_staff(user)


def can_update_action(user, action) -> bool:
    """Write a progress update: the secretariat or the action's named contact."""
    u = _user(user)
    return u is not None and (is_staff(u) or action.contact_id == u.id)


def can_evaluate(user, committee: Committee) -> bool:
    """The lessons learned and closing the committee for the archive: the secretariat."""
    return is_staff(user)
