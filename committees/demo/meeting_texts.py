"""Demo data: the committees' meetings as stories, in Danish (built by `demo.meetings`; the
format is described in meeting_story.py).
"""

from committees.demo.mandates_early import _ALDERSVENLIGT, _IDRAET
from committees.demo.mandates_handed_over import _FAELLESSKABER
from committees.demo.mandates_late import _UNGE
from committees.demo.meeting_story import File, Point, Story, _first, meetings
from committees.demo.people import CHAIR, CITIZEN

UNGE = Story(
    held=meetings(
        _first("Solbjerg Rådhus, mødelokale 2", "", "Workshoppen lægges efter vinterferien.")
        + """
        # discussion | Sådan arbejder vi sammen
        Udkast til spilleregler:

        - afbud til facilitator senest dagen før
        - lukkede punkter og bilag deles ikke
        - alle taler, ingen taler længe
        - referatet godkendes af de fremmødte
        Indstilling: Det indstilles, at udvalget drøfter og godkender spillereglerne.
        Beslutning: Godkendt med tilføjelsen, at de unge medlemmer mødes i ungepanelet før
        hvert møde.
        Referat: De unge medlemmer ønskede, at ingen møder ligger i eksamensperioden.

        ## workshop | -125 | Workshop: Et godt ungeliv i Solbjerg | Solbjerg Gymnasium, kantinen
        # information | Oplæg: Hvad siger tallene?
        Center for Børn og Unge fremlægger trivselsmålingen og ungdomsundersøgelsen.
        Beslutning: Taget til efterretning.
        # discussion | Gruppearbejde: Hvad kendetegner et godt ungeliv?
        Fire grupper med elever, lærere og udvalgsmedlemmer vælger hver de tre ting, der
        betyder mest.
        Referat: Grupperne pegede især på:

        - mindre præstationspres
        - fællesskaber uden for skolen
        - voksne, der har tid
        - ro om mobilen om aftenen

        ## dialogue_meeting | -60 | Dialogmøde med elevråd og skolebestyrelser | Solbjerg
        Bibliotek, salen | offentligt
        # information | Udvalgets foreløbige temaer
        Formanden fortæller om udvalgets arbejde og temaerne fra workshoppen på gymnasiet.
        Beslutning: Taget til efterretning.
        # discussion | Skærm og sociale medier – en fælles forældreaftale?
        Hvordan kan forældre støtte hinanden i at sætte rammer for skærmtid? Hvad kunne en
        fælles aftale på tværs af skolerne indeholde?
        Referat: Bred opbakning til en fælles aftale, men den skal laves sammen med eleverne
        og ikke kun for dem.

        ## committee_meeting | -5 | Udvalgsmøde: Hurtig hjælp til unge, der mistrives |
        Solbjerg Rådhus, mødelokale 2
        # information | Nyt fra ungepanelet
        Ungepanelet har talt om, hvor unge søger hjælp.
        Beslutning: Taget til efterretning.
        Referat: De unge bruger sjældent kommunens hjemmeside, men gerne sundhedsplejersken
        og klubberne.
        # discussion | Ventetider og overgange mellem tilbud
        Opgavespørgsmål 4: Hvordan får unge, der mistrives, hurtigt hjælp uden at skulle
        vente eller skifte mellem mange tilbud?
        Referat: Udvalget ønsker tal for ventetider, før det formulerer anbefalinger.
        # decision | En skrivegruppe til forældreaftalen
        Leverance 2 er et forslag til en fælles forældreaftale om skærm og sociale medier. En
        skrivegruppe kan skrive udkastet mellem møderne.
        Indstilling: Det indstilles, at udvalget nedsætter en skrivegruppe med mindst to unge
        medlemmer.
        Beslutning: Godkendt. Skrivegruppen består af Sofie Aagaard, Alberte Krogh, Yasmin
        El-Sayed, Sara Lindholm og Julie Thygesen.
        """
    ),
    ahead=meetings("""
        ## committee_meeting | 8 | Udvalgsmøde: Fællesskaber i fritiden | Solbjerg Rådhus,
        mødelokale 2 | udsendt
        # information | Økonomi: forbrug af udvalgets ramme
        Sekretariatet gør status over forbruget af rammen på 250.000 kr.
        Indstilling: Det indstilles, at udvalget tager orienteringen til efterretning.
        # discussion | Hvem står uden for fritidslivet?
        Opgavespørgsmål 5. Se bilaget om deltagelse i fritidsaktiviteter efter alder.
        # decision | Første udkast til fælles forældreaftale
        Skrivegruppen har skrevet et første udkast. Bilaget er lukket, indtil
        skolebestyrelserne har set det.
        Indstilling: Det indstilles, at udvalget sender udkastet i dialog med
        skolebestyrelserne.

        ## working_group | 14 | Skrivegruppen: forældreaftalen | Borgmestersekretariatet, lille
        mødelokale | udsendt
        # discussion | Udvalgets bemærkninger til udkastet
        Gennemgang af bemærkningerne fra udvalgsmødet.
        # decision | Plan for skrivearbejdet
        Hvem skriver hvad, og hvornår er teksten klar til udvalget?

        ## workshop | 22 | Workshop på Solbjerg Erhvervsskole | Solbjerg Erhvervsskole, auditoriet
        # information | Oplæg fra elevrådet
        Elevrådet fortæller om trivsel på erhvervsuddannelserne.
        # discussion | Gruppearbejde
        Udkast: tre spørgsmål til grupperne følger.

        ## committee_meeting | 40 | Udvalgsmøde: De første anbefalinger | Solbjerg Rådhus,
        mødelokale 2
        # discussion | Struktur for anbefalingerne
        Sekretariatet foreslår én anbefaling pr. opgavespørgsmål.
    """),
    points=(
        Point(0, 1, "Sende trivselsmålingen til alle medlemmer", "Sekretariatet", 5),
        Point(2, 1, "Finde erfaringer med forældreaftaler", "Julie Thygesen", 20),
        Point(3, 1, "Tal for ventetider i PPR og ungdomspsykiatrien", "Sekretariatet", 10, False),
    ),
    approver=CITIZEN,
    attending=("Sofie Aagaard", "Lone Birk Thomsen", "Alberte Krogh", "Julie Thygesen"),
    apologies=(("Henriette Bay", "Barselsorlov"), ("Morten Skov", "Kamp med U15 samme aften")),
    files=(
        File(
            0,
            "Budgetoverblik",
            "budgetoverblik.pdf",
            """Budgetoverblik
            Ramme: 250.000 kr.
            Forbrugt: 96.400 kr.
            Workshops: 41.200 kr.
            Forplejning: 18.300 kr.
            Undersøgelse blandt unge: 36.900 kr.""",
        ),
        File(1, "Deltagelse i fritidsaktiviteter efter alder", "deltagelse.png", "82 74 61 48 39"),
        File(
            2,
            "Udkast til fælles forældreaftale",
            "forældreaftale-udkast.docx",
            """
            Udkast til fælles forældreaftale om skærm og sociale medier
            Vores børn har ikke mobilen med på værelset om natten.
            Vi venter med egen mobil til 5. klasse og med sociale medier til 13 år.
            Vi taler med vores børn om, hvad de oplever online.""",
            closed=True,
        ),
    ),
    group=(
        "Skrivegruppen",
        ("Sofie Aagaard", "Alberte Krogh", "Yasmin El-Sayed", "Sara Lindholm", "Julie Thygesen"),
    ),
    slides="""Unges trivsel: foreløbige temaer
        1. Mindre præstationspres
        2. Fællesskaber uden for skolen
        3. Skærm og sociale medier
        4. Hurtig hjælp""",
)

IDRAET = Story(
    held=meetings(
        _first("Solbjerg Rådhus, byrådssalen", "Torben Friis", "Hallerne besigtiges i juni.")
        + """
        ## committee_meeting | -180 | Udvalgsmøde: Kapacitet og behov | Solbjerg Rådhus,
        mødelokale 2
        # information | Kapacitetsanalyse af haller og svømmehal
        Kultur og Fritid har opgjort belægningen i kommunens seks haller og svømmehallen.
        Hallerne er fuldt booket kl. 16–21, men står næsten tomme om formiddagen.
        Beslutning: Taget til efterretning.
        # decision | Renovering af gymnastiksalen på Nordskolen
        Gymnastiksalen er slidt, og gulvet skal udskiftes. Solbjerg Gymnastikforening er den
        største bruger om aftenen.
        Indstilling: Det indstilles, at udvalget anbefaler, at gymnastiksalen kommer på den
        prioriterede liste.
        Beslutning: Godkendt.
        Referat: Jens Munk Larsen erklærede sig inhabil og deltog ikke i behandlingen.
        # information | Mulig erhvervelse af grund ved Solbjerg Skole | lukket
        Punktet er lukket, fordi det handler om en ejendomshandel, der ikke er afsluttet.
        Beslutning: Taget til efterretning.

        ## workshop | -115 | Workshop med foreninger, skoler og private udbydere |
        Solbjerghallen, cafeteriet
        # information | Oplæg: Fleksibel booking i andre kommuner
        To kommuner fortæller om fælles booking, hvor skoler, foreninger og borgere bruger de
        samme lokaler hen over dagen.
        Beslutning: Taget til efterretning.
        # discussion | Flere brugere i dagtimerne
        Hvem kunne bruge hallerne kl. 8–15?
        Referat: Forslag: seniorer, dagplejen, private fitnesshold og ungdomsuddannelserne.

        ## dialogue_meeting | -55 | Dialogmøde: Idræt i byrum og natur | Solbjerg Bibliotek,
        salen | offentligt
        # information | Udvalgets arbejde indtil nu
        Formanden fortæller om kapacitetsanalysen og workshoppen.
        Beslutning: Taget til efterretning.
        # discussion | Hvor vil du gerne bevæge dig?
        Dialog ved kortene: marker steder i byen og naturen, hvor du savner plads til motion.
        Referat: Flest markeringer ved løbestien i Solbjerg Skov, stranden og skolegården på
        Sydskolen.

        ## committee_meeting | -6 | Udvalgsmøde: Prioriteret projektliste | Solbjerg Rådhus,
        mødelokale 2
        # discussion | Foreløbige overslag for renovering og nybyggeri
        Administrationen har lavet foreløbige overslag for de projekter, udvalget har peget på.
        Referat: Udvalget vil se overslagene sammen med belægningen, før det prioriterer.
        # decision | Tre steder til selvorganiseret idræt
        Leverance 3: mindst tre steder i byrummet eller naturen, hvor der kan etableres
        faciliteter til selvorganiseret idræt.
        Indstilling: Det indstilles, at udvalget peger på løbestien i Solbjerg Skov, stranden
        og Sydskolens skolegård.
        Beslutning: Godkendt.
        """
    ),
    # The workshop on day 8 falls on the evening of the youth committee's meeting (also day
    # 8): Karen Winther and Torben Friis sit on both, so /moedebelastning shows a clash.
    ahead=meetings("""
        ## committee_meeting | 6 | Udvalgsmøde: Svømmehallens fremtid | Solbjerg Rådhus,
        mødelokale 2 | udsendt
        # information | Tilstandsrapport for Solbjerg Svømmehal
        Rådgiveren har gennemgået bygningen og teknikken.
        Indstilling: Det indstilles, at udvalget tager orienteringen til efterretning.
        # discussion | Renovere eller bygge nyt?
        To scenarier med foreløbige overslag. Se bilagene.

        ## workshop | 8 | Workshop: Foreningernes behov for haller | Solbjerg Hallen, cafeteriet
        # discussion | Hvad mangler foreningerne?
        Foreningerne fortæller om ventelister og tider i hallerne.

        ## workshop | 20 | Workshop: Motion i byrum og natur | Solbjerg Skov, P-pladsen ved
        Skovløberstien
        # discussion | Gåtur og samtale
        Vi går ruten og taler om behovene undervejs.

        ## committee_meeting | 34 | Udvalgsmøde: Udkast til facilitetsplan | Solbjerg Rådhus,
        mødelokale 2
        # discussion | Facilitetsplanens opbygning
        Udkast følger.
    """),
    points=(
        Point(0, 2, "Udsende kapacitetsanalysen for hallerne", "Sekretariatet", 20),
        Point(1, 0, "Belægningen i skolernes haller i dagtimerne", "Kultur og Fritid", 30),
        Point(4, 0, "Overslag for lys på løbestien i Solbjerg Skov", "Teknik og Miljø", 10, False),
    ),
    conflict=(1, 1, "Jens Munk Larsen", "Formand for Solbjerg Gymnastikforening, der bruger salen"),
    approver=CHAIR,
    attending=("Peter Damgaard", "Torben Friis", "Thomas Juhl", "Camilla Vinther", "Lars Hvidt"),
    apologies=(("Sebastian Kirk", "Eksamen dagen efter"),),
    files=(
        File(
            0,
            "Tilstandsrapport, resumé",
            "tilstandsrapport.pdf",
            """Tilstandsrapport, resumé
            Solbjerg Svømmehal, opført 1974
            Tag og klimaskærm: skal renoveres inden for tre år
            Vandbehandling: utidssvarende
            Adgang for kørestolsbrugere: mangelfuld""",
        ),
        File(1, "Belægning i svømmehallen pr. time", "belaegning.png", "20 35 55 90 95 70"),
        File(
            1,
            "Overslag: renovering og nybyggeri",
            "overslag.pdf",
            """Overslag
            Renovering: 68 mio. kr.
            Nyt svømmeanlæg: 145 mio. kr.
            Overslagene er foreløbige og fortrolige.""",
            closed=True,
        ),
        File(
            None,
            "Notat om tilbud på rådgivning",
            "notat-raadgivning.docx",
            """
            Notat om tilbud på rådgivning
            Tre rådgivere har givet tilbud på en helhedsplan for svømmehallen.
            Administrationen anbefaler, at opgaven udbydes i foråret.""",
        ),
    ),
    slides="""Fremtidens idrætsfaciliteter
        Hallerne er fuldt booket kl. 16-21.
        Om formiddagen står de næsten tomme.
        Hvor vil du gerne bevæge dig?""",
)

FAELLESSKABER = Story(
    held=meetings(
        _first("Foreningernes Hus, mødelokale 1", "", "Dialogmødet holdes i Foreningernes Hus.")
        + """
        ## dialogue_meeting | -230 | Dialogmøde: Hvem mangler i fællesskaberne? | Foreningernes
        Hus, salen | offentligt
        # information | Udvalgets foreløbige billede
        Formanden fortæller, hvad udvalget har hørt om barrierer for at deltage.
        Beslutning: Taget til efterretning.
        # discussion | Barrierer og gode eksempler
        Dialog i grupper: Hvad holder folk fra at være med, og hvad virker?
        Referat: Pris, transport og at kende nogen i forvejen blev nævnt oftest.

        ## committee_meeting | -45 | Udvalgsmøde: Endelige anbefalinger | Foreningernes Hus,
        mødelokale 1
        # decision | Udvalgets anbefalinger
        Skrivegruppen har samlet udvalgets 12 anbefalinger.
        Indstilling: Det indstilles, at udvalget vedtager anbefalingerne og afleverer dem til
        fagudvalgene.
        Beslutning: Godkendt med to sproglige rettelser.
        # discussion | Evaluering af udvalgets arbejde
        Hvad virkede, og hvad skal det næste opgaveudvalg gøre anderledes?
        Referat: Godt: dialogmødet og de korte møder. Svært: at nå unge frivillige.
        """
    ),
    points=(Point(2, 0, "Sende anbefalingerne til fagudvalgene", "Sekretariatet", 20),),
)

ALDERSVENLIGT = Story(
    held=meetings(
        _first("Solbjerg Rådhus, mødelokale 2", "Lone Birk Thomsen", "Gåturen holdes i maj.")
        + """
        ## dialogue_meeting | -450 | Åbent dialogmøde om et aldersvenligt Solbjerg | Solbjerg
        Bibliotek, salen | offentligt
        # information | Udvalgets foreløbige anbefalinger
        Formanden gennemgår de foreløbige anbefalinger om færdsel, boliger, fællesskaber og
        information.
        Beslutning: Taget til efterretning.
        # discussion | Dialog ved bordene
        Fire borde, ét for hvert tema. Deltagerne skifter bord efter 20 minutter.
        Referat: Mange ønskede flere bænke og toiletter på vejen til centret.

        ## committee_meeting | -305 | Udvalgsmøde: Vedtagelse af anbefalinger | Solbjerg
        Rådhus, mødelokale 2
        # information | Erfaringer fra tryghedsruterne i Solbjerg Nord
        Sekretariatet fremlægger erfaringerne fra afprøvningen.
        Beslutning: Taget til efterretning.
        # decision | Anbefalinger til fagudvalgene
        Udkastet til anbefalinger besvarer de fem opgavespørgsmål.
        Indstilling: Det indstilles, at udvalget vedtager anbefalingerne og idékataloget.
        Beslutning: Godkendt.
        """
    ),
    points=(Point(1, 1, "Samle input fra dialogmødet i et notat", "Sekretariatet", 14),),
)

STORIES = {
    _UNGE.name: UNGE,
    _IDRAET.name: IDRAET,
    _FAELLESSKABER.name: FAELLESSKABER,
    _ALDERSVENLIGT.name: ALDERSVENLIGT,
}
APOLOGIES = ("Syg", "Arbejde", "Forældremøde samme aften", "På ferie", "Barn er sygt")
