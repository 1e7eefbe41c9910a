"""Which section of which guide each page of the app links to ("Hjælp til denne side").

Keyed by endpoint prefix (the longest that matches wins) and by who is looking: staff read the
secretariat's or the administrator's guide, councillors theirs or the chair's, members theirs,
and the public the citizens' guide. tests/test_docs.py checks that every target exists.
"""

from workflows import permissions

STAFF, COUNCILLOR, MEMBER, PUBLIC = "staff", "councillor", "member", "public"


def _all(target: str) -> dict[str, str]:
    return dict.fromkeys((STAFF, COUNCILLOR, MEMBER, PUBLIC), target)


def _by(staff: str, councillor: str, member: str, public: str | None = None) -> dict[str, str]:
    return {STAFF: staff, COUNCILLOR: councillor, MEMBER: member, PUBLIC: public or member}


OVERVIEW = "councillor#politisk-overblik"
WORKSPACE = "member#arbejdsrum"
AFTER = "member#hvad-blev-der-af"  # a member's view of what became of the recommendations
RECOMMENDING = "member#anbefalinger"
IMPLEMENTATION = _by("secretariat#implementering", "councillor#implementering", AFTER)
HANDOVER = _by("secretariat#aflevering", "chair#aflevering", "member#anbefalinger")
NOTICES = _all("member#varsler")

PAGES: dict[str, dict[str, str]] = {
    "public.": _all("public#udvalg"),
    "public.privacy": _all("public#personoplysninger"),
    "auth.": _all("public#konto"),
    "main.dashboard": _by(
        "secretariat#overblik", "councillor#politisk-overblik", "member#arbejdsrum"
    ),
    "main.todos": _all("secretariat#overblik"),
    "main.invitations": _all("secretariat#overblik"),
    "main.failed_notices": _all("secretariat#overblik"),
    "committee.": _by("secretariat#udvalg", "councillor#arbejdsrum", "member#arbejdsrum"),
    "committee.copy": _all("secretariat#ud-fra-tidligere"),
    "mandate.": _by("secretariat#kommissorium", "councillor#kommissorium", "member#arbejdsrum"),
    "members.": _by("secretariat#medlemmer", "councillor#arbejdsrum", "member#arbejdsrum"),
    "users.": _by("secretariat#brugere", "member#konto", "member#konto"),
    "notices.": _by("secretariat#paamindelser", "member#varsler", "member#varsler"),
    "notices.index": NOTICES,
    "notices.settings": NOTICES,
    "recruitment.": _by("secretariat#rekruttering", "chair#formandens-rolle", "public#ansoeg"),
    "recruitment.apply": _all("public#ansoeg"),
    "recruitment.confirm": _all("public#ansoeg"),
    "recruitment.withdraw": _all("public#ansoeg"),
    "meetings.": _by("secretariat#moeder", "chair#dagsorden", "member#moeder"),
    "meetings.show": _by("secretariat#moeder", "chair#moedet", "member#moeder"),
    "meetings.attendance": _by("secretariat#referat", "chair#moedet", "member#moeder"),
    "meetings.material": _by("secretariat#bilag", "member#bilag", "member#bilag"),
    "meetings.materials_access": _by("secretariat#bilag", "member#bilag", "member#bilag"),
    "meetings.minutes": _by("secretariat#referat", "chair#referat", "member#referat"),
    "meetings.calendar_settings": _all("member#kalender"),
    "meetings.my_meetings": _all("member#mine-moeder"),
    "meetings.load_": _all("secretariat#moedebelastning"),
    "meetings.public_": _all("public#udvalg"),
    "recommendations.": _by(
        "secretariat#anbefalinger", "chair#anbefalinger", "member#anbefalinger"
    ),
    "recommendations.council_calendar": _by(
        "administrator#politisk-kalender", "councillor#politisk-overblik", "member#arbejdsrum"
    ),
    "recommendations.handover": HANDOVER,
    "recommendations.report": HANDOVER,
    "recommendations.decide": _by("secretariat#beslutninger", "councillor#beslutninger", AFTER),
    "recommendations.overview": _by(
        "councillor#politisk-overblik", "councillor#politisk-overblik", AFTER
    ),
    "recommendations.new_action": IMPLEMENTATION,
    "recommendations.edit_action": IMPLEMENTATION,
    "recommendations.write_update": IMPLEMENTATION,
    "recommendations.complete_review": IMPLEMENTATION,
    "recommendations.actions_bulk": IMPLEMENTATION,
    "recommendations.reviews_bulk": IMPLEMENTATION,
    "recommendations.evaluation": _by("secretariat#evaluering", "councillor#implementering", AFTER),
    "recommendations.public_": _all("public#beslutninger"),
    "recommendations.archive": _all("public#arkiv"),
    "recommendations.follow": _all("public#foelg"),
    "recommendations.unfollow": _all("public#foelg"),
    "setup.": _all("administrator#foerste-dag"),
    "setup.municipality": _all("administrator#kommunens-oplysninger"),
    "setup.logo_upload": _all("administrator#kommunens-oplysninger"),
    "setup.bod": _all("administrator#politiske-udvalg"),
    "setup.closing_days": _all("administrator#lukkedage"),
    "setup.mail_test": _all("administrator#e-mail"),
    "setup.people": _all("administrator#personer"),
}


def audience(user) -> str:
    """Whose guide a person reads first."""
    if permissions.is_staff(user):
        return STAFF
    if getattr(user, "is_councillor", False) and user.is_authenticated:
        return COUNCILLOR
    if getattr(user, "is_authenticated", False):
        return MEMBER
    return PUBLIC


def target(endpoint: str | None, user) -> tuple[str, str] | None:
    """(guide, section) for a page, or None for pages without help (feeds, files)."""
    matches = [p for p in PAGES if endpoint and endpoint.startswith(p)]
    if not matches:
        return None
    guide, _sep, section = PAGES[max(matches, key=len)][audience(user)].partition("#")
    return guide, section
