"""Every page type reflows at 320 px (WCAG 2.1 SC 1.4.10 Reflow) in a real Chromium.

At a 320 x 640 viewport each page is opened by the role that uses it (public pages anonymously,
internal ones as the secretariat, a citizen member and a councillor, set-up as the administrator)
with ids from the demo, after a long e-mail address and a pasted URL have been put where people
type them. A page passes when it does not scroll sideways: the document is no wider than the
window, and nothing visible sticks out to the right unless it is inside a scroll region of its
own (a wide table or code sample in an element with role="region", tabindex="0" and a label: it
scrolls by itself and does not widen the page). Every element found scrolling sideways must be
such a labelled region. The mobile menu is opened once per role and must fit too.

The pages are checked against `app.url_map`: a new GET route without a case here fails
`test_every_get_route_has_a_reflow_case`, unless EXCLUDED names it with the reason.

Screenshots go to tests/artifacts/reflow/ (not committed): look at them, not only at the numbers.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import url_for

from committees.models import (
    Application,
    Committee,
    CommitteeState,
    Follow,
    ImplementationAction,
    LeavePeriod,
    MandateVersion,
    Material,
    Meeting,
    Membership,
    MemberType,
    MinutesStatus,
    PoliticalBody,
    Recommendation,
    User,
)
from committees.models.base import utcnow
from tests.test_browser import ARTIFACTS, check_axe, live_server, login  # noqa: F401

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 320, 640
SHOTS = ARTIFACTS / "reflow"

LOGINS = {
    "staff": "sekretariat@solbjerg.example",
    "member": "borger@solbjerg.example",  # Sara Lindholm, citizen member of the youth committee
    "councillor": "formand@solbjerg.example",  # Karen Winther, councillor and chair
    "admin": "admin@solbjerg.example",
}
INVITED = "jakob.bonde@solbjerg.example"
LONG_EMAIL = "alberte.krogh.gymnasieelev.og.ungeraadsmedlem@solbjerg-ungdomsskole.example"
LONG_URL = "https://www.solbjerg.example/kultur/bibliotek/moedelokaler/moedesal-1-stueetagen?id=7"

# GET routes that are not pages a person reads in the browser.
EXCLUDED = {
    "static": "CSS, scripts and images",
    "public.logo": "the municipality's logo, an image",
    "help.shot": "a screenshot shown inside a guide, an image",
    "main.healthz": "JSON for monitoring",
    "main.livez": "plain text for the orchestrator",
    "main.readyz": "plain text for the orchestrator",
    "meetings.attendance_export": "a CSV download",
    "setup.people_export": "a CSV download",
    "meetings.committee_feed": "an iCalendar feed",
    "meetings.personal_feed": "an iCalendar feed",
    "meetings.ics": "an iCalendar file",
    "meetings.public_ics": "an iCalendar file",
    "meetings.material_download": "a file download",
    "meetings.material_version": "a file download",
    "recommendations.report_pdf": "a PDF",
    "recommendations.public_report_pdf": "a PDF",
}

# The pages, one a line: who opens it, the endpoint, its URL values (see the file's header).
PAGES = Path(__file__).with_name("reflow_pages.txt")

# A few narrow pages also get axe (every page is checked at full width elsewhere).
AXE_AT_320 = {"staff-recommendations-evaluation", "staff-meetings-attendance", "admin-users"}


@dataclass
class Case:
    """One page: who opens it, its endpoint, its URL values and its name (for screenshots)."""

    role: str
    endpoint: str
    values: dict
    label: str


def _cases() -> list[Case]:
    cases = []
    lines = PAGES.read_text(encoding="utf-8").splitlines()
    for line in (ln for ln in lines if ln.strip() and not ln.startswith("#")):
        role, endpoint, *pairs = line.split()
        values = dict(pair.split("=", 1) for pair in pairs)
        label = values.pop("name", f"{role}-{endpoint.replace('.', '-')}")
        cases.append(Case(role, endpoint, values, label))
    return cases


CASES = _cases()

# Run in the page: the document's width, and what sticks out or scrolls without a label.
MEASURE = """() => {
  const vw = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '');
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const labelled = (el) => el.getAttribute('role') === 'region' &&
    el.getAttribute('tabindex') === '0' &&
    (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'));
  const inRegion = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (scrolls(p)) return true;
    }
    return false;
  };
  const wide = [], unlabelled = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (el.closest('.mobile-drawer, .sr-only, .skipnav')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (scrolls(el) && el.scrollWidth > el.clientWidth + 1 && !labelled(el)) {
      unlabelled.push(name(el));
    }
    if (box.right > vw + 1 && !inRegion(el)) wide.push(name(el) + ' ' + Math.round(box.right));
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: vw,
          wide: wide.slice(0, 6), unlabelled: unlabelled.slice(0, 6)};
}"""


def _first(db, query):
    return db.session.scalars(query.limit(1)).first()


def _committee_ids(db) -> dict:
    """A committee in each phase the pages differ by."""

    def in_state(state: CommitteeState) -> int:
        return _first(db, db.select(Committee.id).where(Committee.state == state))

    youth = db.select(Committee.id).where(Committee.name.like("%unges trivsel"))
    return {
        "implementing": in_state(CommitteeState.implementing),
        "recruiting": in_state(CommitteeState.recruiting),
        "drafting": in_state(CommitteeState.mandate_draft),
        "youth": db.session.scalar(youth),  # working, with meetings, minutes and members
        "compared": _first(
            db, db.select(MandateVersion.committee_id).where(MandateVersion.number == 2)
        ),
    }


def _meeting_ids(db, youth: int) -> dict:
    """The youth committee's meetings: minuted, in approval, with materials, coming up."""
    meetings = db.select(Meeting).where(Meeting.committee_id == youth)
    latest = Meeting.starts_at.desc()
    minuted = meetings.where(Meeting.minutes_status == MinutesStatus.published).order_by(latest)
    in_approval = meetings.where(Meeting.minutes_status == MinutesStatus.in_approval)
    with_materials = meetings.join(Material, Material.meeting_id == Meeting.id).order_by(latest)
    upcoming = meetings.where(Meeting.starts_at > utcnow()).order_by(Meeting.starts_at)
    materials = _first(db, with_materials)
    return {
        "minuted": _first(db, minuted).id,
        "in_approval": _first(db, in_approval).id,
        "with_materials": materials.id,
        "item": materials.items[0].id,
        "upcoming": _first(db, upcoming).id,
    }


def _ids(db) -> dict:
    """Ids of demo rows that give each page something to show."""
    ids = _committee_ids(db)
    ids |= _meeting_ids(db, ids["youth"])
    recs = db.select(Recommendation).order_by(Recommendation.number)
    handed = _first(db, recs.where(Recommendation.committee_id == ids["implementing"]))
    drafted = _first(db, recs.where(Recommendation.committee_id == ids["youth"]))
    action = db.select(ImplementationAction.id).where(
        ImplementationAction.recommendation_id == handed.id
    )
    on_leave = _first(db, db.select(Membership).join(LeavePeriod).order_by(Membership.id))
    return ids | {
        "handed": handed.number,
        "drafted": drafted.number,
        "action": _first(db, action),
        "on_leave": on_leave.id,
        "on_leave_committee": on_leave.committee_id,
        "application": _first(db, db.select(Application.id).order_by(Application.id)),
        "member": db.session.scalar(db.select(User.id).where(User.email == LOGINS["member"])),
        "councillor": db.session.scalar(
            db.select(User.id).where(User.email == LOGINS["councillor"])
        ),
        "body": _first(db, db.select(PoliticalBody.id).order_by(PoliticalBody.id)),
    }


def _tokens(db) -> dict:
    """Valid link tokens, so the pages behind e-mail links show their real content."""
    from workflows import accounts, recruitment
    from workflows.recommendations import follows

    invited = db.session.scalar(db.select(User).where(User.email == INVITED))
    member = db.session.scalar(db.select(User).where(User.email == LOGINS["member"]))
    application = _first(db, db.select(Application).order_by(Application.id))
    follow = _first(db, db.select(Follow).where(Follow.email.is_not(None)).order_by(Follow.id))
    return {
        "invitation": accounts.make_token(invited, accounts.INVITE),
        "first": accounts.make_token(invited, accounts.FIRST),
        "reset": accounts.make_token(member, accounts.RESET),
        "confirm_application": recruitment.token_for(application, recruitment.CONFIRM),
        "withdraw_application": recruitment.token_for(application, recruitment.WITHDRAW),
        "follow_confirm": follows.confirm_token(follow),
        "unfollow": follow.token,
    }


def _long_words(db, ids: dict) -> None:
    """What people type that has no place to break: a long e-mail address, a pasted URL."""
    person = _first(
        db,
        db.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.committee_id == ids["youth"],
            Membership.member_type == MemberType.citizen,
            User.email.not_in(LOGINS.values()),
        )
        .order_by(User.id),
    )
    person.email = LONG_EMAIL
    for meeting_id in (ids["minuted"], ids["upcoming"], ids["with_materials"]):
        meeting = db.session.get(Meeting, meeting_id)
        meeting.place, meeting.online_url = LONG_URL, LONG_URL
    db.session.commit()


def _url(case: Case, ids: dict, tokens: dict) -> str:
    values = {}
    for key, value in case.values.items():
        if value.startswith("$"):
            values[key] = tokens[value[1:]]
        else:
            values[key] = ids.get(value, int(value) if value.isdigit() else value)
    return url_for(case.endpoint, **values)


def _screenshot(pg, name: str) -> None:
    """The top of the page, at most 4000 px of it (the tallest, 30000 px, took seconds each)."""
    height = min(pg.evaluate("document.documentElement.scrollHeight"), 4000)
    clip = {"x": 0, "y": 0, "width": WIDTH, "height": height}
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True, clip=clip)


def _check(pg, case: Case, url: str) -> list[str]:
    """Open the page at 320 px; the problems found (none when it reflows)."""
    response = pg.goto(pg.base + url)
    pg.wait_for_load_state()
    problems = []
    if response is None or response.status != 200:
        problems.append(f"status {response.status if response else None}")
    if pg.url.split("#")[0] != pg.base + url:
        problems.append(f"redirected to {pg.url}")
    found = pg.evaluate(MEASURE)
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(f"page is {found['scrollWidth']}px wide")
    if found["wide"]:
        problems.append(f"sticks out: {', '.join(found['wide'])}")
    if found["unlabelled"]:
        problems.append(f"scrolls without a labelled region: {', '.join(found['unlabelled'])}")
    if case.label in AXE_AT_320:
        check_axe(pg, f"reflow/{case.label}")  # saves the screenshot too
    else:
        _screenshot(pg, case.label)
    return problems


def _check_menu(pg, role: str) -> list[str]:
    """The mobile menu (the drawer behind "Menu") fits the window and does not scroll sideways."""
    pg.locator(".js-menu-open").click()
    drawer = pg.locator(".mobile-drawer")
    drawer.wait_for(state="visible")
    pg.wait_for_timeout(400)  # it slides in
    found = drawer.evaluate(
        """(d) => ({right: Math.round(d.getBoundingClientRect().right), vw: window.innerWidth,
            inner: d.scrollWidth, outer: d.clientWidth})"""
    )
    pg.screenshot(path=str(SHOTS / f"{role}-menu.png"))
    pg.locator(".js-menu-close").click()
    if found["right"] > found["vw"] or found["inner"] > found["outer"]:
        return [f"{role}-menu: the menu does not fit: {found}"]
    return []


def test_every_get_route_has_a_reflow_case(app):
    """A new page must be added to reflow_pages.txt (or to EXCLUDED, with the reason)."""
    gets = {r.endpoint for r in app.url_map.iter_rules() if "GET" in (r.methods or ())}
    covered = {c.endpoint for c in CASES}
    missing = sorted(gets - covered - set(EXCLUDED))
    assert missing == [], (
        f"GET routes with no line in {PAGES.name} nor reason in EXCLUDED: {missing}"
    )
    stale = sorted((covered | set(EXCLUDED)) - gets)
    assert stale == [], f"no such endpoints any more: {stale}"
    assert len({c.label for c in CASES}) == len(CASES), "two cases share a screenshot name"
    assert {c.role for c in CASES} <= {"anonymous", *LOGINS}, "a role nobody logs in as"


def test_every_page_type_reflows_at_320px(live_server, chromium, app, db):  # noqa: F811
    SHOTS.mkdir(parents=True, exist_ok=True)
    ids, tokens = _ids(db), _tokens(db)
    _long_words(db, ids)
    with app.test_request_context():
        urls = [(case, _url(case, ids, tokens)) for case in CASES]
    failures = []
    for role in ("anonymous", *LOGINS):
        context = chromium.new_context(viewport={"width": WIDTH, "height": HEIGHT}, bypass_csp=True)
        pg = context.new_page()
        pg.base = live_server
        try:
            if role in LOGINS:
                login(pg, LOGINS[role])
            else:
                pg.goto(live_server + "/")
            failures += _check_menu(pg, role)
            for case, url in urls:
                if case.role == role:
                    failures += [f"{case.label} ({url}): {p}" for p in _check(pg, case, url)]
        finally:
            context.close()
    assert failures == [], "\n".join(failures)
