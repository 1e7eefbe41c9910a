"""Demo data: people, political bodies and the shapes the committee specs use."""

import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from committees.models import (
    BodyKind,
    CommitteeState,
    MemberRole,
    MemberType,
)

DEMO_PASSWORD = "demo-adgangskode"  # noqa: S105 (a published demo password, by design)
DOMAIN = "solbjerg.example"

SECRETARIAT = "sekretariat@solbjerg.example"
SECRETARIAT_2 = "jonas.kragh@solbjerg.example"
ADMIN = "admin@solbjerg.example"
CHAIR = "formand@solbjerg.example"
CITIZEN = "borger@solbjerg.example"
COUNCILLOR = "lone.birk.thomsen@solbjerg.example"
INVITED = "jakob.bonde@solbjerg.example"

DEMO_USERS: list[tuple[str, str, str]] = [
    (SECRETARIAT, "Mette Skovgaard", "Sekretariat; facilitator for tre opgaveudvalg"),
    (SECRETARIAT_2, "Jonas Kragh", "Sekretariat; facilitator for fællesskaber og kystudvalget"),
    (ADMIN, "Henrik Vestergaard", "Administrator"),
    (CHAIR, "Karen Winther", "Kommunalbestyrelsesmedlem (C); formand for unges trivsel"),
    (COUNCILLOR, "Lone Birk Thomsen", "Kommunalbestyrelsesmedlem (A); menigt medlem"),
    (CITIZEN, "Sara Lindholm", "Borgermedlem af Opgaveudvalget for unges trivsel"),
]
_TRY = {
    SECRETARIAT: (
        "oversigten, kommissoriet for byliv; møder: udsend en dagsorden, upload bilag; "
        "Mødebelastning: et sammenfald mellem to udvalg; Varsler: en handling over fristen"
    ),
    SECRETARIAT_2: (
        "rekrutteringen til kystudvalget: 36 ansøgere, indstil, luk og udpeg; "
        "Varsler: påmindelserne om fællesskabsudvalgets aflevering"
    ),
    ADMIN: "brugere og roller, den ventende invitation til Jakob Bonde",
    CHAIR: (
        "dit udvalg og dets møder; godkend referatet fra idrætsudvalgets seneste møde; "
        "Mine møder: dine møder i begge udvalg, med et sammenfald"
    ),
    COUNCILLOR: "udvalg i alle faser, også afleverede og nedlagte",
    CITIZEN: "dit eget udvalg: godkend seneste referat, svar på indkaldelsen, hent bilag",
}

# What the administrator wrote in Opsætning (the demo's settings row).
MUNICIPALITY = dict(
    id=1,
    name="Solbjerg Kommune",
    web_url="https://www.solbjerg.example",
    contact_email="opgaveudvalg@solbjerg.example",
    contact_phone="70 10 20 30",
    accessibility_url="https://www.was.digst.dk/",
    dpo_contact="Databeskyttelsesrådgiver Lise Holm\ndpo@solbjerg.example, 70 10 20 39",
    privacy_notice=(
        "Solbjerg Kommune er dataansvarlig for de oplysninger, du giver, når du søger om at "
        "blive medlem af et opgaveudvalg eller følger et udvalg. Vi bruger dem kun til at "
        "udvælge medlemmer og til at holde dig orienteret, og vi sletter dem, når formålet er "
        "opfyldt. Du har ret til indsigt, berigtigelse og sletning."
    ),
    sender_name="Solbjerg Kommune – Opgaveudvalg",
    closing_days=["12-24", "12-31"],
    closing_days_saved_at=datetime(2025, 1, 6, 9, tzinfo=UTC),
    mail_tested_at=datetime(2025, 1, 6, 9, 5, tzinfo=UTC),
)
COUNCIL = "Kommunalbestyrelsen"
FINANCE = "Økonomiudvalget"
BSU = "Børne- og Skoleudvalget"
SSU = "Social- og Sundhedsudvalget"
KFU = "Kultur- og Fritidsudvalget"
KMU = "Klima- og Miljøudvalget"
PBU = "Plan- og Byudvalget"
EBU = "Erhvervs- og Beskæftigelsesudvalget"
BODIES = [(COUNCIL, BodyKind.council), (FINANCE, BodyKind.finance_committee)] + [
    (name, BodyKind.standing_committee) for name in (BSU, SSU, KFU, KMU, PBU, EBU)
]

# (e-mail or None for firstname.lastname, name, party)
COUNCILLORS = [
    (CHAIR, "Karen Winther", "Konservative"),
    (None, "Peter Damgaard", "Venstre"),
    (COUNCILLOR, "Lone Birk Thomsen", "Socialdemokratiet"),
    (None, "Rasmus Holt", "Radikale Venstre"),
    (None, "Sofie Aagaard", "SF"),
    (None, "Niels Kjærgaard", "Konservative"),
    (None, "Birgitte Lund Hansen", "Konservative"),
    (None, "Torben Friis", "Liberal Alliance"),
    (INVITED, "Jakob Bonde", "Venstre"),
]
_PARTY = {name: party for _e, name, party in COUNCILLORS}


class _Person(NamedTuple):
    """A citizen or stakeholder seat; offsets are days from today (None: the committee start)."""

    name: str
    title: str
    publish: bool = True
    role: MemberRole = MemberRole.member
    start: int | None = None
    end: int | None = None
    leave: tuple[int, int, str] | None = None
    email: str | None = None
    member_type: MemberType = MemberType.citizen
    locale: str = "da"


@dataclass
class _Spec:
    """One demo committee: where it stands, when things happened, who sits, what it was asked."""

    name: str
    summary: str
    state: CommitteeState
    bodies: tuple[str, ...]
    staff: str  # the secretariat user who facilitates and records
    times: dict[str, int]  # day offsets from today
    mandate: dict
    chair: str = ""
    vice: str = ""
    councillors: tuple[str, ...] = ()
    people: tuple[_Person, ...] = ()
    revision: dict = field(default_factory=dict)


def _md(text: str) -> str:
    """Dedent, and join the source's wrapped lines; paragraphs and list items stay."""
    blocks = textwrap.dedent(text).strip().split("\n\n")
    out = []
    for block in blocks:
        lines: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if lines and not re.match(r"(- |\* |\d+\. )", line):
                lines[-1] += " " + line
            else:
                lines.append(line)
        out.append("\n".join(lines))
    return "\n\n".join(out)


def _email(name: str) -> str:
    """firstname.lastname@solbjerg.example, with æ, ø, å spelt out."""
    s = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]+", ".", s).strip(".") + f"@{DOMAIN}"


# ---------------------------------------------------------------------------------------------
# The committees, oldest first.
# ---------------------------------------------------------------------------------------------
