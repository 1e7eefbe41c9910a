"""Demo data: the three oldest committees (implementing, handed over, working), in Danish."""

from committees.demo.people import (
    KFU,
    PBU,
    SECRETARIAT,
    SECRETARIAT_2,
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
