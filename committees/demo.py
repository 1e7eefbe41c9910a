"""Demo data: "Solbjerg Kommune", a fictional municipality with task committees in every phase.

This is seed data, and the one place outside `workflows/` that assigns `.state` (and mandate
status) directly: replaying every workflow call would need a user, a request and many commits per
step. To keep the pages honest, it writes the audit entries the workflows would have written
(created, start_drafting, mandate submitted and decided, approve_mandate, open_recruitment,
constitute, start_work, hand_over, dissolve, start_implementation, memberships), with timestamps
spread over the committees' lives. Dates are counted from `date.today()`, so a working committee
always ends in the future and a finished one in the past, whenever the demo is loaded.

The module is long because it is mostly Danish prose: six complete mandates (kommissorier).
"""

import re
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from committees.extensions import db
from committees.models import (
    ApprovalOutcome,
    AuditEntry,
    BodyKind,
    Committee,
    CommitteeState,
    CompetenceProfile,
    Deliverable,
    LeavePeriod,
    MandateApproval,
    MandateStatus,
    MandateVersion,
    MemberRole,
    Membership,
    MemberType,
    PoliticalBody,
    Role,
    TaskQuestion,
    User,
    ViceChairMethod,
)
from workflows import committee as committee_flow
from workflows.accounts import hash_password

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
    SECRETARIAT: "oversigten, kommissorieudkastet for byliv, kommissoriets versioner for idræt",
    SECRETARIAT_2: "rekrutteringen til kystudvalget (sammensætningen mangler borgere)",
    ADMIN: "brugere og roller, den ventende invitation til Jakob Bonde",
    CHAIR: "dit udvalg, medlemmerne, tidslinjen; alle udvalg kan ses af politikere",
    COUNCILLOR: "udvalg i alle faser, også afleverede og nedlagte",
    CITIZEN: "kun dit eget udvalg; kommissoriet og medlemmerne",
}

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

_ALDERSVENLIGT = _Spec(
    name="Opgaveudvalget for et aldersvenligt Solbjerg",
    summary=(
        "Anbefalinger til, hvordan Solbjerg bliver et godt sted at blive ældre: tryg færdsel, "
        "boliger, fællesskaber og adgang til information. Anbefalingerne er godkendt og er "
        "ved at blive gennemført."
    ),
    state=CommitteeState.implementing,
    bodies=(SSU, PBU),
    staff=SECRETARIAT,
    times=dict(
        created=-690,
        submitted=-655,
        recommended=-642,
        finance=-634,
        approved=-627,
        recruit=-625,
        appointed=-590,
        start=-575,
        end=-290,
        dissolve=-255,
        implement=-245,
    ),
    chair="Birgitte Lund Hansen",
    vice="Lone Birk Thomsen",
    councillors=("Peter Damgaard", "Sofie Aagaard", "Torben Friis"),
    people=(
        _Person("Birthe Nørgaard", "Pensioneret hjemmesygeplejerske"),
        _Person("Ole Kristensen", "Formand for pensionistforeningen i Solbjerg Nord"),
        _Person("Grethe Lauridsen", "Pårørende til beboer på plejecenter", publish=False),
        _Person("Mogens Bach", "Arkitekt, bor i seniorbofællesskab"),
        _Person("Fatima Ahmadi", "Social- og sundhedsassistent"),
        _Person("Jørgen Poulsen", "Frivillig besøgsven i Røde Kors"),
        _Person("Inger Sørensen", "Aktiv i Ældre Sagen"),
        _Person("Klaus Enevoldsen", "Pensioneret trafikplanlægger"),
        _Person("Hanne Juul", "Datter og pårørende", publish=False),
        _Person("Svend Aage Riis", "Tidligere selvstændig købmand"),
    ),
    mandate=dict(
        background="""
            Solbjerg Kommune får i de kommende år markant flere ældre borgere. Antallet af
            borgere over 80 år ventes at stige med omkring 40 procent frem mod 2035, og flere
            ældre bor længere i eget hjem. Kommunens seneste borgerundersøgelse viser, at mange
            ældre savner trygge gangforbindelser, bænke og toiletter i byrummet, og at ensomhed
            fylder for en del af dem, der bor alene.

            Kommunalbestyrelsen besluttede med budgetaftalen for 2025 at nedsætte et
            opgaveudvalg, der skal se på, hvordan Solbjerg kan blive en by, hvor man kan leve et
            godt og aktivt liv hele livet – også når kræfterne bliver færre. Arbejdet tager
            afsæt i WHO's otte temaer for aldersvenlige byer og i kommunens ældrepolitik.
        """,
        purpose="""
            Opgaveudvalget skal udarbejde forslag til, hvordan Solbjerg bliver et endnu bedre
            sted at blive ældre. Anbefalingerne skal styrke ældres mulighed for at færdes trygt,
            bo godt, være en del af fællesskaber og få adgang til hjælp og information, når de
            har brug for det.

            Anbefalingerne skal kunne indgå i revisionen af ældrepolitikken og i den kommende
            planstrategi.
        """,
        working_method="""
            Opgaveudvalget holder 6 møder af cirka tre timers varighed. Møderne veksler mellem
            oplæg, drøftelser og arbejde i mindre grupper. Derudover holder udvalget:

            - en workshop med Ældrerådet og Handicaprådet
            - en gåtur i Solbjerg Nord, hvor byrummet afprøves med rollator og stok
            - møder i arbejdsgrupper om bolig, byrum og fællesskaber mellem udvalgsmøderne
            - møder i en skrivegruppe, der samler anbefalingerne

            Administrationen stiller viden, data og erfaringer fra andre kommuner til rådighed.
        """,
        decision_path="""
            Opgaveudvalget afleverer sine anbefalinger til Social- og Sundhedsudvalget og Plan-
            og Byudvalget. Fagudvalgene behandler anbefalingerne og indstiller til
            Økonomiudvalget og Kommunalbestyrelsen, som beslutter, hvilke anbefalinger der skal
            gennemføres.
        """,
        frame="""
            Udvalget er rådgivende og nedsat efter styrelseslovens § 17, stk. 4.

            Udvalget har en ramme på 250.000 kr. til workshops, afprøvninger og ekstern faglig
            bistand. Anbefalinger, der kræver yderligere midler, indgår i de kommende
            budgetforhandlinger. Serviceniveauet i ældreplejen er ikke en del af opgaven.
        """,
        involvement="""
            Udvalget inddrager Ældrerådet, Handicaprådet, plejecentrenes bruger- og
            pårørenderåd samt de lokale afdelinger af Ældre Sagen og Røde Kors. Der holdes et
            åbent dialogmøde på Solbjerg Bibliotek, hvor alle kan give input til udvalgets
            foreløbige anbefalinger.
        """,
        composition_note="""
            Opgaveudvalget består af 15 medlemmer: 5 medlemmer af Kommunalbestyrelsen og 10
            borgere. Kommunalbestyrelsen udpeger formanden blandt sine medlemmer. Næstformanden
            vælges af udvalget på det første møde.

            Borgermedlemmerne udpeges af Kommunalbestyrelsen efter et åbent opslag, så udvalget
            dækker kompetenceprofilerne og har en bred alders- og geografisk spredning.
        """,
        secretariat_contact="""
            Center for Sundhed og Omsorg ved chefkonsulent Hanne Kirk og Borgmestersekretariatet
            ved specialkonsulent Mette Skovgaard, sekretariat@solbjerg.example.
        """,
        facilitator_contact="""
            Mette Skovgaard, Borgmestersekretariatet, faciliterer møderne og er udvalgets
            sekretær.
        """,
        questions=[
            "Hvad skal der til, for at ældre kan færdes trygt og let i byrummet – til fods, "
            "på cykel og med offentlig transport?",
            "Hvordan kan vi skabe flere boligformer, der gør det muligt at blive boende i "
            "lokalområdet, også når behovene ændrer sig?",
            "Hvordan kan foreninger, frivillige og kommune sammen forebygge ensomhed blandt ældre?",
            "Hvordan sikrer vi, at ældre, der ikke er digitale, får information om og adgang "
            "til kommunens tilbud?",
            "Hvilke konkrete forbedringer kan afprøves i ét lokalområde i udvalgets periode?",
        ],
        deliverables=[
            "Anbefalinger til Social- og Sundhedsudvalget og Plan- og Byudvalget, der besvarer "
            "opgavespørgsmålene",
            "Et idékatalog med mindre tiltag, der kan gennemføres inden for eksisterende budgetter",
            "Erfaringer fra en afprøvning af tryghedsruter i Solbjerg Nord",
        ],
        profiles=[
            (
                "Ældre med hverdagserfaring",
                "Du er over 70 år og ved, hvad der gør hverdagen "
                "let eller svær, når man bliver ældre.",
            ),
            (
                "Pårørende",
                "Du hjælper en ældre forælder eller ægtefælle og kender både glæderne "
                "og udfordringerne.",
            ),
            (
                "Byrum, bolig eller sundhed",
                "Du arbejder eller har arbejdet med byplanlægning, "
                "arkitektur, boliger, sundhed eller pleje.",
            ),
            (
                "Foreningsliv og frivillighed",
                "Du er aktiv i en forening eller som frivillig og "
                "ved, hvordan man når dem, der ikke selv opsøger fællesskaber.",
            ),
        ],
        seats=(5, 10, 0),
        vice=ViceChairMethod.elected,
    ),
)

_FAELLESSKABER = _Spec(
    name="Opgaveudvalget for fællesskaber på tværs",
    summary=(
        "Hvordan flere borgere bliver en del af meningsfulde fællesskaber, og hvordan foreninger, "
        "kulturinstitutioner og frivillige kan åbne sig for nye deltagere. Anbefalingerne er "
        "afleveret og afventer politisk behandling."
    ),
    state=CommitteeState.handed_over,
    bodies=(KFU, SSU),
    staff=SECRETARIAT_2,
    times=dict(
        created=-560,
        submitted=-520,
        recommended=-505,
        finance=-497,
        approved=-490,
        recruit=-488,
        appointed=-430,
        start=-415,
        end=-20,
    ),
    chair="Niels Kjærgaard",
    vice="Rasmus Holt",
    councillors=("Lone Birk Thomsen", "Sofie Aagaard", "Peter Damgaard"),
    people=(
        _Person("Mads Overgaard", "Formand for Solbjerg Boldklub"),
        _Person("Amira Hassan", "Frivillig i Foreningernes Hus"),
        _Person("Katrine Holm Berg", "Nytilflyttet mor til to"),
        _Person("Emil Brandt", "Studerende, 22 år", end=-200),
        _Person("Lise Dalgaard", "Pædagog på et bosted for unge", publish=False),
        _Person("Ahmad Rahimi", "Medlem af beboerrådet i Solbjerg Syd"),
        _Person("Vibeke Kofoed", "Billedkunstner"),
        _Person("Poul Erik Madsen", "Pensionist og frivillig i sognets café"),
        _Person("Nanna Frost", "Iværksætter og leder af et løbefællesskab"),
        _Person("Oliver Bennett", "Ingeniør, tilflytter fra Storbritannien", locale="en"),
        _Person("Louise Kamper", "Studerende, 20 år", start=-185),
    ),
    mandate=dict(
        background="""
            Solbjerg har et rigt foreningsliv med over 200 foreninger, men ikke alle borgere
            oplever at være en del af et fællesskab. Kommunens trivselsmåling viser, at hver
            femte borger mellem 16 og 30 år og hver sjette over 75 år ofte føler sig ensom.
            Nytilflyttede, borgere med psykisk sårbarhed og familier med lav indkomst finder
            sjældnere vej til foreningerne.

            Samtidig mangler mange foreninger frivillige, og fællesskaberne lever ofte side om
            side uden at kende hinanden. Kommunalbestyrelsen ønsker derfor at undersøge, hvordan
            fællesskaber kan bygge bro mellem generationer, lokalområder og livssituationer.
        """,
        purpose="""
            Opgaveudvalget skal komme med anbefalinger til, hvordan flere borgere bliver en del
            af meningsfulde fællesskaber, og hvordan kommunen kan støtte foreninger, frivillige
            og uformelle netværk i at åbne sig for nye deltagere.
        """,
        working_method="""
            Udvalget holder 7 møder af 2½–3 timers varighed, skiftevis på rådhuset og ude i
            foreninger og kulturhuse. Derudover:

            - to workshops med foreningslivet og kulturinstitutionerne
            - interviews med borgere, der ikke deltager i fællesskaber, gennemført af
              udvalgets medlemmer i par
            - en skrivegruppe, der formulerer anbefalingerne
        """,
        decision_path="""
            Anbefalingerne afleveres til Kultur- og Fritidsudvalget og Social- og
            Sundhedsudvalget, der indstiller til Økonomiudvalget og Kommunalbestyrelsen.
            Kommunalbestyrelsen beslutter, hvilke anbefalinger der gennemføres, og nedlægger
            derefter udvalget.
        """,
        frame="""
            Udvalget er rådgivende og nedsat efter styrelseslovens § 17, stk. 4.

            Udvalget har en ramme på 300.000 kr., heraf 150.000 kr. til afprøvning af nye
            fællesskabsinitiativer i udvalgets periode. Tilskudsreglerne for foreninger er ikke
            en del af opgaven, men udvalget kan pege på behov for ændringer.
        """,
        involvement="""
            Folkeoplysningsudvalget, Solbjerg Idrætsråd, de frivillige sociale foreninger og
            kulturinstitutionerne inviteres til workshops. Udvalget afprøver sine foreløbige
            idéer på en fællesskabsdag på torvet, hvor alle kan komme med input.
        """,
        composition_note="""
            15 medlemmer: 5 medlemmer af Kommunalbestyrelsen og 10 borgere.
            Kommunalbestyrelsen udpeger formand og næstformand blandt sine medlemmer.
            Borgermedlemmerne udpeges efter åbent opslag med vægt på spredning i alder,
            bopæl og livssituation.
        """,
        secretariat_contact="""
            Center for Kultur og Fritid ved fritidskonsulent Anja Mørk og
            Borgmestersekretariatet ved Jonas Kragh, jonas.kragh@solbjerg.example.
        """,
        facilitator_contact="""
            Jonas Kragh, Borgmestersekretariatet, faciliterer møderne og er udvalgets sekretær.
        """,
        questions=[
            "Hvad forhindrer borgere i at deltage i fællesskaber, og hvordan kan barriererne "
            "mindskes?",
            "Hvordan kan foreninger, kulturinstitutioner og frivillige samarbejde om at nå nye "
            "målgrupper?",
            "Hvordan kan kommunens bygninger og udearealer i højere grad bruges som mødesteder?",
            "Hvordan kan vi tiltrække og fastholde flere frivillige, også blandt unge?",
        ],
        deliverables=[
            "Anbefalinger til Kultur- og Fritidsudvalget og Social- og Sundhedsudvalget",
            "Et forslag til en fælles digital indgang til foreningslivet",
            "Et katalog over mødesteder, der kan åbnes for flere brugere",
        ],
        profiles=[
            ("Foreningsaktiv", "Du er leder, træner eller frivillig i en forening."),
            (
                "Ny i Solbjerg",
                "Du er flyttet til kommunen inden for de seneste år og ved, "
                "hvordan det er at finde sit fællesskab.",
            ),
            (
                "Ung mellem 16 og 30 år",
                "Du vil være med til at skabe fællesskaber, der også passer til unges liv.",
            ),
            (
                "Erfaring med sårbare grupper",
                "Du kender til ensomhed, psykisk sårbarhed eller "
                "økonomiske barrierer – fra dit arbejde eller dit eget liv.",
            ),
            (
                "Kultur og kreative fællesskaber",
                "Du er aktiv inden for musik, kunst, teater eller andre kreative fællesskaber.",
            ),
        ],
        seats=(5, 10, 0),
        vice=ViceChairMethod.appointed,
    ),
)

_IDRAET_V1 = dict(
    background="""
        Mange af Solbjergs idrætshaller og svømmehallen er opført i 1970'erne og står over for
        større renoveringer. Samtidig har idrætsvanerne ændret sig: Flere dyrker motion på egen
        hånd, i fitnesscentre eller i naturen, mens foreningernes efterspørgsel efter haltider
        fortsat er stor i aftentimerne. Befolkningsprognosen viser flere børn i skoledistrikt Syd
        og flere ældre i hele kommunen.

        Kommunalbestyrelsen har afsat midler til idrætsfaciliteter i investeringsoversigten og
        ønsker, at prioriteringen sker på et oplyst grundlag med input fra dem, der bruger
        faciliteterne.
    """,
    purpose="""
        Opgaveudvalget skal give anbefalinger til en langsigtet plan for Solbjergs
        idrætsfaciliteter, så de understøtter foreningsidræt, skoleidræt og motion på egen hånd,
        og så flere borgere bliver fysisk aktive.
    """,
    working_method="""
        Udvalget holder 6 møder af cirka tre timers varighed. Derudover:

        - besigtigelse af tre haller og svømmehallen
        - en workshop med foreninger, skoler og private udbydere
        - en studietur til to kommuner, der har bygget nye, fleksible idrætsfaciliteter
        - arbejdsgrupper om haller, udendørs anlæg og svømning
    """,
    decision_path="""
        Anbefalingerne afleveres til Kultur- og Fritidsudvalget og Plan- og Byudvalget, der
        indstiller til Økonomiudvalget og Kommunalbestyrelsen. Anbefalingerne indgår i
        arbejdet med investeringsoversigten i de kommende budgetår.
    """,
    frame="""
        Udvalget er rådgivende og nedsat efter styrelseslovens § 17, stk. 4.

        Udvalget har en ramme på 200.000 kr. til analyser, besigtigelser og workshops. Udvalget
        skal forholde sig til, at der i investeringsoversigten er afsat 60 mio. kr. til
        idrætsfaciliteter over fire år.
    """,
    involvement="""
        Solbjerg Idrætsråd, Folkeoplysningsudvalget, skolernes idrætslærere og de private
        fitnessudbydere inddrages i workshops. Brugerne af hallerne bliver spurgt i en kort
        spørgeskemaundersøgelse.
    """,
    composition_note="""
        15 medlemmer: 5 medlemmer af Kommunalbestyrelsen og 10 borgere. Kommunalbestyrelsen
        udpeger formanden blandt sine medlemmer; næstformanden vælges af udvalget på det første
        møde.
    """,
    secretariat_contact="""
        Center for Kultur og Fritid ved idrætskonsulent Bo Ravn og Borgmestersekretariatet ved
        Mette Skovgaard, sekretariat@solbjerg.example.
    """,
    facilitator_contact="""
        Mette Skovgaard, Borgmestersekretariatet, faciliterer møderne og er udvalgets sekretær.
    """,
    questions=[
        "Hvilke behov for idrætsfaciliteter vil borgere og foreninger have de næste 15 år?",
        "Hvordan kan haller, baner og svømmehal udnyttes bedre, fx med fleksibel booking og "
        "flere brugere i dagtimerne?",
        "Hvor i kommunen er behovet for nye eller renoverede faciliteter størst, og hvordan "
        "skal projekterne prioriteres?",
        "Hvordan kan idrætsfaciliteterne blive mødesteder, som også skoler, institutioner og "
        "borgere uden foreningstilknytning bruger?",
    ],
    deliverables=[
        "Anbefalinger til en facilitetsplan for idrætsområdet for de næste 15 år",
        "En prioriteret liste over renoverings- og nybygningsprojekter med foreløbige overslag",
    ],
    profiles=[
        ("Foreningsidræt", "Du er aktiv som udøver, træner eller leder i en idrætsforening."),
        (
            "Motion på egen hånd",
            "Du løber, cykler, skater, dyrker fitness eller anden motion uden for foreningerne.",
        ),
        (
            "Forælder til idrætsaktive børn",
            "Du kender hverdagen med kørsel til træning og "
            "kampe og ved, hvad børn og unge efterspørger.",
        ),
        (
            "Byggeri, arkitektur og drift",
            "Du har faglig viden om byggeri, arkitektur eller drift af store bygninger.",
        ),
        (
            "Idræt for alle",
            "Du har erfaring med idræt for borgere med handicap, seniorer eller "
            "andre, der ikke let finder vej til idrætten.",
        ),
    ],
    seats=(5, 10, 0),
    vice=ViceChairMethod.elected,
)

_IDRAET = _Spec(
    name="Opgaveudvalget for fremtidens idrætsfaciliteter",
    summary=(
        "En langsigtet plan for haller, baner, svømmehal og motion i byrum og natur, så flere "
        "borgere bliver fysisk aktive."
    ),
    state=CommitteeState.working,
    bodies=(KFU, PBU),
    staff=SECRETARIAT,
    times=dict(
        created=-450,
        submitted=-415,
        recommended=-400,
        finance=-392,
        approved=-385,
        recruit=-383,
        appointed=-320,
        start=-300,
        end_v1=40,
        end=100,
    ),
    chair="Peter Damgaard",
    vice="Torben Friis",
    councillors=("Karen Winther", "Rasmus Holt", "Birgitte Lund Hansen"),
    people=(
        _Person("Thomas Juhl", "Træner i Solbjerg Svømmeklub"),
        _Person("Maria Østergaard", "Forælder til to fodboldspillere"),
        _Person("Ali Haider", "Motionsløber og fitnessinstruktør"),
        _Person("Camilla Vinther", "Arkitekt med speciale i idrætsbyggeri"),
        _Person("Jens Munk Larsen", "Formand for Solbjerg Gymnastikforening"),
        _Person("Sebastian Kirk", "Skater, 19 år"),
        _Person("Else Marie Dam", "Seniordanser og pensioneret idrætslærer"),
        _Person("Rikke Mølgaard", "Fysioterapeut med erfaring fra handicapidræt"),
        _Person("Mehmet Demir", "Ungdomstræner i basketball", publish=False),
        _Person("Anders Bjerre", "Driftsleder i en fitnesskæde", end=-150),
        _Person("Tran Minh Anh", "Badmintonspiller og forælder", start=-135),
        _Person("Lars Hvidt", "Solbjerg Idrætsråd", start=-85, member_type=MemberType.stakeholder),
    ),
    mandate=_IDRAET_V1,
    revision=dict(
        times=dict(created=-140, submitted=-125, recommended=-112, finance=-104, approved=-97),
        change_note=(
            "Opgaven udvides med motion og selvorganiseret idræt i byrum og natur (nyt "
            "opgavespørgsmål 5 og ny leverance). Solbjerg Idrætsråd får en plads i udvalget "
            "som interessent. Tidsrammen forlænges med to måneder, og der holdes to ekstra møder."
        ),
        working_method="""
            Udvalget holder 8 møder af cirka tre timers varighed (to flere end oprindeligt).
            Derudover:

            - besigtigelse af tre haller og svømmehallen
            - en workshop med foreninger, skoler og private udbydere
            - en studietur til to kommuner, der har bygget nye, fleksible idrætsfaciliteter
            - arbejdsgrupper om haller, udendørs anlæg, svømning og idræt i byrummet
            - en gåtur i Solbjerg Skov og langs stranden med brugere af naturen
        """,
        composition_note="""
            16 medlemmer: 5 medlemmer af Kommunalbestyrelsen, 10 borgere og 1 repræsentant for
            Solbjerg Idrætsråd. Kommunalbestyrelsen udpeger formanden blandt sine medlemmer;
            næstformanden vælges af udvalget på det første møde.
        """,
        add_questions=[
            "Hvordan kan byrum, parker og naturområder indrettes, så de indbyder til motion og "
            "selvorganiseret idræt for alle aldre?",
        ],
        add_deliverables=[
            "Forslag til mindst tre steder i byrummet eller naturen, hvor der kan etableres "
            "faciliteter til selvorganiseret idræt",
        ],
        seats=(5, 10, 1),
    ),
)

_UNGE = _Spec(
    name="Opgaveudvalget for unges trivsel",
    summary=(
        "Nye veje til at styrke trivslen blandt børn og unge mellem 12 og 25 år – i skolen, "
        "i fritiden, i familien og online."
    ),
    state=CommitteeState.working,
    bodies=(BSU, SSU),
    staff=SECRETARIAT,
    times=dict(
        created=-330,
        submitted=-300,
        recommended=-287,
        finance=-279,
        approved=-272,
        recruit=-270,
        appointed=-215,
        start=-200,
        end=130,
    ),
    chair="Karen Winther",
    vice="Sofie Aagaard",
    councillors=("Lone Birk Thomsen", "Niels Kjærgaard", "Torben Friis"),
    people=(
        _Person("Sara Lindholm", "Forælder i skoledistrikt Nord", email=CITIZEN),
        _Person("Alberte Krogh", "Gymnasieelev, 17 år"),
        _Person("Noah Petersen", "Elev i 9. klasse, 15 år", publish=False),
        _Person("Yasmin El-Sayed", "Studerende og tidligere elevrådsformand"),
        _Person("Henriette Bay", "Psykolog med speciale i unge", leave=(-45, 60, "Barselsorlov")),
        _Person("Kasper Lund Nielsen", "Klubmedarbejder i Ungdomsklubben Stjernen"),
        _Person("Pia Rasmussen", "Forælder til en ung med angst", publish=False),
        _Person("Morten Skov", "Fodboldtræner for U15"),
        _Person("Julie Thygesen", "Sundhedsplejerske"),
        _Person("Oskar Friis Jensen", "Forælder i skoledistrikt Syd", end=-95),
        _Person("Freja Holst", "Elev på erhvervsuddannelse, 19 år", start=-80),
        _Person("Signe Bach Mortensen", "Lærer i Ungdomsskolen", role=MemberRole.alternate),
    ),
    mandate=dict(
        background="""
            Flere unge i Solbjerg mistrives. Den nationale trivselsmåling og kommunens egen
            ungdomsundersøgelse viser, at flere unge oplever stress, ensomhed og præstationspres
            end for ti år siden – især piger i udskolingen og på ungdomsuddannelserne. Antallet
            af henvisninger til børne- og ungdomspsykiatrien er fordoblet, og skolerne oplever
            flere elever med højt fravær.

            Trivsel skabes mange steder: i familien, i skolen, i fritiden og online.
            Kommunalbestyrelsen ønsker derfor at invitere unge, forældre og fagfolk til sammen at
            finde nye veje til at styrke unges trivsel.
        """,
        purpose="""
            Opgaveudvalget skal komme med anbefalinger til, hvordan kommune, skoler, foreninger,
            forældre og de unge selv kan styrke trivslen blandt børn og unge mellem 12 og 25 år
            og forebygge, at mistrivsel udvikler sig.
        """,
        working_method="""
            Udvalget holder 6 møder på hverdage kl. 17–20, så unge og forældre kan deltage efter
            skole og arbejde. Derudover:

            - et ungepanel med udvalgets unge medlemmer, der mødes før hvert udvalgsmøde
            - workshops på Solbjerg Gymnasium og Solbjerg Erhvervsskole
            - et dialogmøde med elevråd og skolebestyrelser
            - en skrivegruppe, hvor mindst to unge medlemmer deltager
        """,
        decision_path="""
            Anbefalingerne afleveres til Børne- og Skoleudvalget og Social- og Sundhedsudvalget,
            der indstiller til Økonomiudvalget og Kommunalbestyrelsen.
        """,
        frame="""
            Udvalget er rådgivende og nedsat efter styrelseslovens § 17, stk. 4.

            Udvalget har en ramme på 250.000 kr. til workshops, inddragelse af unge og
            formidling. Borgermedlemmer under 18 år deltager med forældrenes samtykke.
            Behandlingen af enkeltsager og den specialiserede indsats er ikke en del af opgaven.
        """,
        involvement="""
            Ungerådet, elevrådene, skolebestyrelserne, SSP-samarbejdet og de lokale
            ungdomsuddannelser inddrages. Udvalget indsamler de unges egne fortællinger gennem
            en kort undersøgelse på de sociale medier, som unge bruger.
        """,
        composition_note="""
            15 medlemmer: 5 medlemmer af Kommunalbestyrelsen og 10 borgere, heraf mindst tre unge
            mellem 15 og 25 år. Kommunalbestyrelsen udpeger formand og næstformand blandt sine
            medlemmer. Der udpeges desuden én suppleant blandt borgerne, som træder ind ved
            længerevarende fravær.
        """,
        secretariat_contact="""
            Center for Børn og Unge ved chefkonsulent Louise Brix og Borgmestersekretariatet ved
            Mette Skovgaard, sekretariat@solbjerg.example.
        """,
        facilitator_contact="""
            Mette Skovgaard, Borgmestersekretariatet, faciliterer møderne og er udvalgets
            sekretær. Ungepanelet faciliteres af Ungdomsskolen.
        """,
        questions=[
            "Hvad kendetegner et godt ungeliv i Solbjerg, set fra de unges eget perspektiv?",
            "Hvordan kan skoler og ungdomsuddannelser mindske præstationspresset og styrke "
            "fællesskabet i klasserne?",
            "Hvordan kan forældre støttes i at håndtere unges brug af sociale medier og skærme?",
            "Hvordan får unge, der mistrives, hurtigt hjælp uden at skulle vente eller skifte "
            "mellem mange tilbud?",
            "Hvordan kan fritids- og foreningslivet blive et fællesskab for de unge, der i dag "
            "står uden for?",
        ],
        deliverables=[
            "Anbefalinger til Børne- og Skoleudvalget og Social- og Sundhedsudvalget",
            "Et forslag til en fælles forældreaftale om skærm og sociale medier, som "
            "skolebestyrelserne kan tage stilling til",
            "En kort podcast, hvor unge fortæller om udvalgets anbefalinger",
        ],
        profiles=[
            (
                "Ung mellem 15 og 25 år",
                "Du går i udskolingen, på en ungdomsuddannelse eller er "
                "studerende og vil gøre ungelivet bedre.",
            ),
            ("Forælder", "Du er forælder til et barn eller en ung mellem 10 og 25 år."),
            (
                "Fagperson",
                "Du arbejder med børn og unge, fx som lærer, pædagog, psykolog, "
                "sundhedsplejerske eller klubmedarbejder.",
            ),
            (
                "Erfaring med mistrivsel",
                "Du har selv eller som pårørende erfaring med angst, ensomhed eller skolefravær.",
            ),
            (
                "Fritids- og foreningsliv",
                "Du er træner, leder eller frivillig i et fællesskab for unge.",
            ),
        ],
        seats=(5, 10, 0),
        vice=ViceChairMethod.appointed,
    ),
)

_KLIMA = _Spec(
    name="Opgaveudvalget for klimatilpasning langs kysten",
    summary=(
        "Anbefalinger til en samlet plan, der beskytter kysten mod stormflod og skybrud og "
        "samtidig bevarer dens værdi for natur og friluftsliv. Rekrutteringen af borgere er i gang."
    ),
    state=CommitteeState.recruiting,
    bodies=(KMU, PBU),
    staff=SECRETARIAT_2,
    times=dict(
        created=-170,
        submitted=-95,
        recommended=-82,
        finance=-74,
        approved=-67,
        recruit=-65,
        start=45,
        end=380,
    ),
    chair="Birgitte Lund Hansen",
    councillors=("Peter Damgaard", "Rasmus Holt", "Sofie Aagaard", "Jakob Bonde"),
    mandate=dict(
        background="""
            Solbjerg har 11 kilometer kyst mod Øresund. Stormfloden i oktober 2023 oversvømmede
            dele af havnen og Strandvejen, og DMI's klimaatlas viser, at havet ved Solbjerg kan
            stige med op mod en meter inden århundredets udgang. Kraftigere skybrud betyder
            samtidig, at regnvand fra byen skal ledes ud gennem de samme kystnære områder.

            Kystbeskyttelse er et fælles ansvar for kommunen og grundejerne, og løsningerne vil
            ændre en kyst, som mange borgere holder af. Derfor ønsker Kommunalbestyrelsen, at
            borgere, grundejere og fagfolk er med fra starten.
        """,
        purpose="""
            Opgaveudvalget skal give anbefalinger til en samlet plan for klimatilpasning langs
            kysten, som beskytter boliger, infrastruktur og natur mod stormflod og skybrud, og
            som samtidig bevarer og gerne styrker kystens rekreative værdi.
        """,
        working_method="""
            Udvalget holder 7 møder af cirka tre timers varighed. Derudover:

            - en kystvandring på de tre mest udsatte strækninger
            - to dialogmøder med grundejerforeningerne
            - oplæg fra Kystdirektoratet, Solbjerg Forsyning og eksterne rådgivere
            - en arbejdsgruppe om finansiering og en om natur og friluftsliv
        """,
        decision_path="""
            Anbefalingerne afleveres til Klima- og Miljøudvalget og Plan- og Byudvalget, der
            indstiller til Økonomiudvalget og Kommunalbestyrelsen. De godkendte anbefalinger
            indgår i kommunens klimatilpasningsplan og i kommuneplanen.
        """,
        frame="""
            Udvalget er rådgivende og nedsat efter styrelseslovens § 17, stk. 4.

            Udvalget har en ramme på 400.000 kr., heraf 250.000 kr. til ekstern rådgivning om
            tekniske løsninger og økonomi. Myndighedsbehandlingen efter kystbeskyttelsesloven er
            ikke en del af opgaven.
        """,
        involvement="""
            Grundejerforeningerne langs kysten, Danmarks Naturfredningsforening, sejlklubberne,
            vinterbaderne og Solbjerg Forsyning inddrages. Udvalgets foreløbige anbefalinger
            fremlægges på et åbent borgermøde.
        """,
        composition_note="""
            17 medlemmer: 5 medlemmer af Kommunalbestyrelsen, 10 borgere og 2 interessenter (én
            fra Solbjerg Forsyning og én fra Grundejerforeningernes Fællesråd).
            Kommunalbestyrelsen udpeger formanden blandt sine medlemmer; næstformanden vælges af
            udvalget på det første møde.
        """,
        secretariat_contact="""
            Center for Miljø og Teknik ved klimakoordinator Søren Hald og
            Borgmestersekretariatet ved Jonas Kragh, jonas.kragh@solbjerg.example.
        """,
        facilitator_contact="""
            Jonas Kragh, Borgmestersekretariatet, faciliterer møderne og er udvalgets sekretær.
        """,
        questions=[
            "Hvilke værdier ved kysten er vigtigst at bevare, og hvordan skal de vægtes, når "
            "løsningerne vælges?",
            "Hvilke former for kystbeskyttelse – fx diger, klitter, højvandsmure eller "
            "naturbaserede løsninger – egner sig til de forskellige strækninger?",
            "Hvordan kan beskyttelsen kombineres med bedre adgang til vandet, stier og ophold?",
            "Hvordan kan udgifterne fordeles retfærdigt mellem kommunen og grundejerne?",
            "Hvordan skal borgere og grundejere inddrages, når planen bliver til konkrete "
            "projekter?",
        ],
        deliverables=[
            "Anbefalinger til en kystplan med prioriterede strækninger og løsningstyper",
            "Principper for medfinansiering og samarbejde med grundejerlaug",
            "Et forslag til inddragelse i de konkrete projekter",
        ],
        profiles=[
            (
                "Kystnær grundejer eller beboer",
                "Du bor tæt på kysten og kender til risikoen for oversvømmelse.",
            ),
            ("Bruger af kysten", "Du bader, sejler, løber eller går tur ved kysten."),
            ("Natur og miljø", "Du er optaget af natur, biodiversitet og kystens landskab."),
            (
                "Teknisk viden",
                "Du har viden om ingeniørarbejde, hydraulik, byggeri eller landskabsarkitektur.",
            ),
        ],
        seats=(5, 10, 2),
        vice=ViceChairMethod.elected,
    ),
)

_BYLIV = _Spec(
    name="Opgaveudvalget for byliv i bymidten",
    summary="Et levende Torvegade-kvarter med handel, kultur og ophold – også efter lukketid.",
    state=CommitteeState.mandate_draft,
    bodies=(PBU, EBU),
    staff=SECRETARIAT,
    times=dict(created=-40, edits=-3, start=110, end=400),
    mandate=dict(
        background="""
            Bymidten omkring Torvegade er under forandring. Antallet af tomme butikslokaler er
            steget fra 4 til 11 på tre år, mens caféer, klinikker og kontorer flytter ind. Mange
            borgere oplever, at bymidten er øde efter kl. 18, og de erhvervsdrivende efterlyser
            en fælles plan for torvet og gågaden.

            Med budgetaftalen har forligspartierne ønsket et opgaveudvalg om bylivet i
            bymidten. [Afsnittet om parkering afventer trafikanalysen.]
        """,
        purpose="""
            Opgaveudvalget skal komme med anbefalinger til, hvordan bymidten kan blive et
            levende sted for handel, kultur, ophold og boliger hele dagen og hele året.
        """,
        working_method="""
            Udvalget holder 6 møder. Derudover foreslås:

            - en byvandring med erhvervsdrivende og beboere
            - midlertidige forsøg på torvet i sommerperioden
        """,
        decision_path="""
            Anbefalingerne afleveres til Plan- og Byudvalget og Erhvervs- og
            Beskæftigelsesudvalget, der indstiller til Økonomiudvalget og Kommunalbestyrelsen.
        """,
        frame="""
            Udvalget er rådgivende og nedsat efter styrelseslovens § 17, stk. 4.

            Udvalget har en ramme på 200.000 kr. til forsøg og inddragelse (beløbet afventer
            budgetopfølgningen).
        """,
        composition_note="""
            15 medlemmer: 5 medlemmer af Kommunalbestyrelsen og 10 borgere. Erhvervsforeningen
            har ønsket en fast plads; det drøftes i Plan- og Byudvalget.
        """,
        secretariat_contact="""
            Center for Byplan ved planlægger Mikkel Aagaard og Borgmestersekretariatet ved Mette
            Skovgaard, sekretariat@solbjerg.example.
        """,
        questions=[
            "Hvad skal der til, for at flere borgere bruger bymidten – også om aftenen?",
            "Hvordan kan tomme butikslokaler bruges midlertidigt til kultur, iværksætteri eller "
            "fællesskaber?",
            "Hvordan kan torvet og gågaden indrettes, så de inviterer til ophold og leg?",
            "Hvordan kan erhvervsdrivende, grundejere og kommunen samarbejde om bylivet?",
        ],
        deliverables=[
            "Anbefalinger til en plan for bylivet i bymidten",
            "Forslag til midlertidige forsøg, der kan gennemføres det første år",
        ],
        profiles=[
            ("Erhvervsdrivende", "Du driver butik, café eller anden virksomhed i bymidten."),
            ("Beboer i bymidten", "Du bor i eller tæt på bymidten og bruger den i hverdagen."),
            ("Kultur og byliv", "Du arrangerer kultur, markeder eller events."),
        ],
        seats=(5, 10, 0),
        vice=ViceChairMethod.elected,
    ),
)

_SPECS = (_ALDERSVENLIGT, _FAELLESSKABER, _IDRAET, _UNGE, _KLIMA, _BYLIV)

# The lifecycle as the demo replays it: transition, time key, days after it, UTC hour, minute.
_STEPS = (
    ("start_drafting", "created", 1, 8, 15),
    ("approve_mandate", "approved", 0, 19, 31),
    ("open_recruitment", "recruit", 0, 9, 0),
    ("constitute", "start", 0, 19, 0),
    ("start_work", "start", 1, 8, 30),
    ("hand_over", "end", 0, 15, 0),
    ("dissolve", "dissolve", 0, 19, 40),
    ("start_implementation", "implement", 0, 9, 10),
)


@dataclass
class _Event:
    """An audit entry to write once every object has an id."""

    at: datetime
    action: str
    obj: object
    committee: Committee
    actor: User | None
    from_state: str | None = None
    to_state: str | None = None
    comment: str = ""


class _Builder:
    """Builds the demo in the session; `load()` flushes and commits."""

    def __init__(self, today: date, password_hash: str) -> None:
        self.today = today
        self.password_hash = password_hash
        self.users: dict[str, User] = {}
        self.by_name: dict[str, User] = {}
        self.bodies: dict[str, PoliticalBody] = {}
        self.events: list[_Event] = []
        self.actor: User | None = None  # the secretariat user running the current committee
        self._agenda = 0

    # -- time -----------------------------------------------------------------------------

    def day(self, offset: int) -> date:
        """Today plus `offset` days; a weekend moves back to Friday, never into the future."""
        d = self.today + timedelta(days=offset)
        return d - timedelta(days=max(0, d.weekday() - 4))

    @staticmethod
    def next_workday(d: date) -> date:
        d += timedelta(days=1)
        while d.weekday() > 4:
            d += timedelta(days=1)
        return d

    @staticmethod
    def at(d: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(d, time(hour, minute), tzinfo=UTC)

    # -- people and bodies ----------------------------------------------------------------

    def user(self, email: str, name: str, role: Role, created: datetime, **kw) -> User:
        """An account with the demo password (unless password=False)."""
        has_password = kw.pop("password", True)
        user = User(
            email=email,
            name=name,
            role=role,
            password_hash=self.password_hash if has_password else None,
            created_at=created,
            invited_at=created,
            **kw,
        )
        db.session.add(user)
        self.users[email] = user
        self.by_name[name] = user
        return user

    def base(self) -> None:
        """Political bodies, administrator, secretariat and councillors."""
        for name, kind in BODIES:
            self.bodies[name] = PoliticalBody(name=name, kind=kind)
            db.session.add(self.bodies[name])
        long_ago = self.at(self.day(-760), 9)
        self.user(ADMIN, "Henrik Vestergaard", Role.administrator, long_ago)
        self.user(SECRETARIAT, "Mette Skovgaard", Role.secretariat, long_ago)
        self.user(SECRETARIAT_2, "Jonas Kragh", Role.secretariat, long_ago)
        for email, name, _party in COUNCILLORS:
            if email == INVITED:
                continue  # appointed and invited later, with the recruiting committee
            self.user(email or _email(name), name, Role.councillor, long_ago)

    # -- committees -----------------------------------------------------------------------

    def committee(self, spec: _Spec) -> Committee:
        """One committee with its mandate versions, members and history."""
        t = spec.times
        staff = self.actor = self.users[spec.staff]
        created = self.at(self.day(t["created"]), 9, 20)
        c = Committee(
            name=spec.name,
            summary=spec.summary,
            state=spec.state,
            planned_start=self.day(t["start"]),
            planned_end=self.day(t["end"]),
            created_at=created,
            parent_bodies=[self.bodies[b] for b in spec.bodies],
        )
        db.session.add(c)
        self.event(created, "committee.created", c, c, staff, to_state="idea")
        v1 = self.version(c, spec, 1, spec.mandate, t.get("end_v1", t["end"]), created)
        if spec.state is CommitteeState.mandate_draft:
            self.draft_history(c, v1, spec)
        else:
            self.treat(c, v1, spec, t)
        if spec.revision:
            self.revise(c, v1, spec)
        self.lifecycle(c, spec)
        self.members(c, spec)
        return c

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

    def lifecycle(self, c: Committee, spec: _Spec) -> None:
        """The committee's transitions up to its demo state, each with its audit entry."""
        state = CommitteeState.idea
        for name, key, days, hour, minute in _STEPS:
            if state is spec.state:
                break
            target = committee_flow.BY_NAME[name].target
            on = self.day(spec.times[key])
            if days:
                on = self.next_workday(on)
            at = self.at(on, hour, minute)
            self.event(
                at,
                f"committee.{name}",
                c,
                c,
                self.users[spec.staff],
                from_state=state.value,
                to_state=target.value,
                comment=self.step_comment(name, spec),
            )
            state = target
            c.state_changed_at = at

    def step_comment(self, name: str, spec: _Spec) -> str:
        elected = spec.mandate["vice"] is ViceChairMethod.elected and spec.vice
        comments = {
            "open_recruitment": "Opslaget er offentliggjort på solbjerg.example med "
            "ansøgningsfrist om fire uger.",
            "constitute": "Konstituerende møde holdt."
            + (f" {spec.vice} blev valgt som næstformand." if elected else ""),
            "start_work": "Møde- og aktivitetsplanen er vedtaget.",
            "hand_over": f"Anbefalingerne er afleveret til {' og '.join(spec.bodies)}.",
            "dissolve": "Kommunalbestyrelsen har behandlet anbefalingerne og nedlagt udvalget.",
            "start_implementation": "Handleplanen er godkendt; administrationen følger op på "
            "de godkendte anbefalinger.",
        }
        return comments.get(name, "")

    # -- members --------------------------------------------------------------------------

    def members(self, c: Committee, spec: _Spec) -> None:
        """Facilitator, councillors and citizens, appointed on the dates the story says."""
        if spec.state is CommitteeState.mandate_draft:
            return
        t = spec.times
        start = self.day(t["start"])
        ends = self.day(t["dissolve"]) if "dissolve" in t else None
        appointed = self.at(self.day(t["approved"]), 19, 45)
        staff = self.users[spec.staff]
        self.seat(
            c,
            staff,
            MemberType.staff,
            MemberRole.facilitator,
            start,
            ends,
            "Borgmestersekretariatet",
            appointed,
        )
        for name in (spec.chair, spec.vice, *spec.councillors):
            if not name:
                continue
            role = MemberRole.chair if name == spec.chair else MemberRole.member
            if name == spec.vice and spec.mandate["vice"] is ViceChairMethod.appointed:
                role = MemberRole.vice_chair
            user, when = self.by_name.get(name), appointed
            if user is None:
                user = self.invited_councillor(name)
                when = user.created_at
            self.seat(c, user, MemberType.councillor, role, start, ends, _PARTY[name], when)
        if spec.vice and spec.mandate["vice"] is ViceChairMethod.elected:
            self.elect_vice(c, spec)
        for person in spec.people:
            self.citizen(c, spec, person, start, ends)

    def invited_councillor(self, name: str) -> User:
        """A councillor new to the council, appointed a week ago, who has not logged in yet."""
        return self.user(
            INVITED, name, Role.councillor, self.at(self.day(-6), 19, 45), password=False
        )

    def seat(self, c, user, member_type, role, start, end, title, when, **kw) -> Membership:
        """A membership and its 'added' audit entry."""
        m = Membership(
            user=user,
            member_type=member_type,
            role=role,
            start_date=start,
            end_date=end,
            title=title,
            publish_name=kw.pop("publish", True),
            **kw,
        )
        c.memberships.append(m)
        self.event(
            when,
            "membership.added",
            m,
            c,
            self.users[SECRETARIAT],
            comment=f"{user.name}: {member_type.label}, {role.label}",
        )
        return m

    def elect_vice(self, c: Committee, spec: _Spec) -> None:
        """The vice-chair elected at the first meeting, recorded the morning after."""
        m = next(m for m in c.memberships if m.user.name == spec.vice)
        m.role = MemberRole.vice_chair
        at = self.at(self.next_workday(self.day(spec.times["start"])), 8, 40)
        self.event(
            at,
            "membership.changed",
            m,
            c,
            self.users[spec.staff],
            comment=f"{spec.vice}: {m.member_type.label}, {m.role.label}",
        )

    def citizen(self, c, spec: _Spec, p: _Person, start: date, ends: date | None) -> None:
        """A citizen (or stakeholder) member, with a late start, an early end or leave."""
        t = spec.times
        joined = self.day(p.start) if p.start is not None else start
        when = self.at(self.day(t["appointed"] if p.start is None else p.start - 10), 19, 45)
        user = self.user(p.email or _email(p.name), p.name, Role.citizen, when, locale=p.locale)
        end = self.day(p.end) if p.end is not None else ends
        m = self.seat(c, user, p.member_type, p.role, joined, end, p.title, when, publish=p.publish)
        staff = self.users[spec.staff]
        if p.end is not None:
            self.event(
                self.at(self.day(p.end), 10, 15),
                "membership.changed",
                m,
                c,
                staff,
                comment=f"{p.name}: fratrådt (udtræder af udvalget)",
            )
        if p.leave:
            first, last, reason = p.leave
            m.leave_periods.append(
                LeavePeriod(start_date=self.day(first), end_date=self.day(last), reason=reason)
            )
            self.event(
                self.at(self.day(first - 14), 11, 0),
                "membership.leave",
                m,
                c,
                staff,
                comment=f"{p.name}: {self.day(first).isoformat()}–{self.day(last).isoformat()}",
            )

    # -- audit ----------------------------------------------------------------------------

    def event(self, at, action, obj, committee, actor, **kw) -> None:
        self.events.append(_Event(at, action, obj, committee, actor, **kw))

    def write_audit(self) -> None:
        """The collected events as audit entries, oldest first (ids follow time)."""
        for e in sorted(self.events, key=lambda e: e.at):
            db.session.add(
                AuditEntry(
                    at=e.at,
                    actor_id=e.actor.id if e.actor else None,
                    committee_id=e.committee.id,
                    action=e.action,
                    object_type=type(e.obj).__name__,
                    object_id=e.obj.id,
                    from_state=e.from_state,
                    to_state=e.to_state,
                    comment=str(e.comment),
                )
            )


def load() -> None:
    """Fill an empty database with the Solbjerg Kommune demo and commit."""
    builder = _Builder(date.today(), hash_password(DEMO_PASSWORD))
    builder.base()
    for spec in _SPECS:
        builder.committee(spec)
    db.session.flush()
    builder.write_audit()
    db.session.commit()


def logins_text() -> str:
    """The demo logins, for `make run` and `flask demo logins`."""
    width = max(len(email) for email, _n, _r in DEMO_USERS)
    lines = [f"Demo-logins for Solbjerg Kommune – adgangskode for alle: {DEMO_PASSWORD}", ""]
    for email, name, role in DEMO_USERS:
        lines.append(f"  {email:<{width}}  {name}: {role}")
        lines.append(f"      Prøv: {_TRY[email]}")
    lines.append("")
    lines.append(f"  {INVITED} er inviteret, men har endnu ikke valgt adgangskode.")
    return "\n".join(lines)
