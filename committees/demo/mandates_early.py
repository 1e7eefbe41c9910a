"""Demo data: two of the three oldest committees (implementing, working), in Danish; the
handed-over one is in mandates_handed_over.py."""

from committees.demo.people import (
    KFU,
    PBU,
    SECRETARIAT,
    SSU,
    _Person,
    _Spec,
)
from committees.models import (
    CommitteeState,
    MemberType,
    ViceChairMethod,
)

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
