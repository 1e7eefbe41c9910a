"""Demo data: the three newest committees (working, recruiting, mandate draft), in Danish."""

from committees.demo.people import (
    BSU,
    CITIZEN,
    EBU,
    KMU,
    PBU,
    SECRETARIAT,
    SECRETARIAT_2,
    SSU,
    _Person,
    _Spec,
)
from committees.models import (
    CommitteeState,
    MemberRole,
    ViceChairMethod,
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
