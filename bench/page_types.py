"""The page types the page benchmark measures, with ids chosen from the data set.

Each role reaches the pages it would use: the heaviest committee it works on (most agenda items),
its busiest meeting and recommendation; the public the finished committee with the most
recommendations. Runs inside an app context.
"""

from sqlalchemy import func

from committees.extensions import db
from committees.models import (
    AgendaItem,
    Committee,
    CommitteeState,
    Meeting,
    Membership,
    Recommendation,
    User,
)

WORKING = (CommitteeState.working, CommitteeState.constituted)
FINISHED = tuple(s for s in CommitteeState if s.public_phase == "finished")


def _user_id(email: str) -> int:
    return db.session.scalar(db.select(User.id).where(User.email == email))


def _heaviest(where) -> int:
    """The committee (matching `where`) with the most agenda items."""
    return db.session.scalar(
        db.select(Committee.id)
        .join(Meeting, Meeting.committee_id == Committee.id)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(*where)
        .group_by(Committee.id)
        .order_by(func.count(AgendaItem.id).desc(), Committee.id)
        .limit(1)
    )


def _busiest_meeting(committee_id: int, *where) -> int:
    return db.session.scalar(
        db.select(Meeting.id)
        .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
        .where(Meeting.committee_id == committee_id, *where)
        .group_by(Meeting.id)
        .order_by(func.count(AgendaItem.id).desc(), Meeting.id)
        .limit(1)
    )


def _a_recommendation(committee_id: int) -> int:
    return db.session.scalar(
        db.select(Recommendation.number)
        .where(Recommendation.committee_id == committee_id)
        .order_by(Recommendation.number)
        .limit(1)
    )


def _member_of(email: str) -> list:
    uid = _user_id(email)
    return [Committee.id.in_(db.select(Membership.committee_id).where(Membership.user_id == uid))]


def _workspace(role: str, c: int) -> list[tuple[str, str, str]]:
    meeting = _busiest_meeting(c)
    rec = _a_recommendation(c)
    w = f"/arbejdsrum/{c}"
    pages = [
        ("workspace", role, w),
        ("members", role, f"{w}/medlemmer/"),
        ("mandate", role, f"{w}/kommissorium/"),
        ("meetings", role, f"{w}/moeder"),
        ("recommendations", role, f"{w}/anbefalinger"),
    ]
    if meeting:
        pages.append(("meeting", role, f"{w}/moeder/{meeting}"))
    if rec:
        pages.append(("recommendation", role, f"{w}/anbefalinger/{rec}"))
    return pages


def _public() -> list[tuple[str, str, str]]:
    finished = _heaviest([Committee.state.in_(FINISHED)]) or _heaviest(
        [Committee.state.in_(WORKING)]
    )
    meeting = _busiest_meeting(finished, Meeting.is_public.is_(True))
    rec = _a_recommendation(finished)
    u = f"/udvalg/{finished}"
    pages = [
        ("front page", "public", "/"),
        ("finished committees", "public", "/?fase=finished"),
        ("archive", "public", "/arkiv"),
        ("committee", "public", u),
        ("recommendations", "public", f"{u}/anbefalinger"),
        ("report", "public", f"{u}/rapport"),
    ]
    if meeting:
        pages.append(("meeting", "public", f"{u}/moeder/{meeting}"))
    if rec:
        pages.append(("recommendation", "public", f"{u}/anbefalinger/{rec}"))
    return pages


def choose() -> list[tuple[str, str, str]]:
    """(page type, role, path) for every page type the benchmark measures."""
    secretariat = _heaviest([Committee.state.in_(WORKING)])
    member = _heaviest([Committee.state.in_(WORKING), *_member_of("bench-member@volume.example")])
    councillor = _heaviest(_member_of("bench-councillor@volume.example"))
    return [
        *_public(),
        ("dashboard", "secretariat", "/overblik"),
        ("dashboard: follow-ups", "secretariat", "/overblik/opfoelgning"),
        ("political overview", "secretariat", "/politisk-overblik"),
        ("committees", "secretariat", "/arbejdsrum/"),
        ("inbox", "secretariat", "/varsler/"),
        *_workspace("secretariat", secretariat),
        ("recruitment", "secretariat", f"/arbejdsrum/{secretariat}/rekruttering"),
        ("attendance", "secretariat", f"/arbejdsrum/{secretariat}/fremmoede"),
        ("political overview", "councillor", "/politisk-overblik"),
        ("committees", "councillor", "/arbejdsrum/"),
        ("inbox", "councillor", "/varsler/"),
        ("workspace", "councillor", f"/arbejdsrum/{councillor}"),
        ("committees", "member", "/arbejdsrum/"),
        ("inbox", "member", "/varsler/"),
        *_workspace("member", member),
        ("users", "admin", "/brugere/"),
        ("setup", "admin", "/opsaetning/"),
        ("dashboard", "admin", "/overblik"),
    ]
