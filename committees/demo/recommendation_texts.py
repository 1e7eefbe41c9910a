"""Demo data: the committees' recommendations, the political path and the action plans, in Danish
(built by `demo.recommendations`).

`questions` are the positions (1-based) of the approved mandate's task questions a recommendation
answers. A `Step` is one body's decision: "standing" is the recommendation's own standing
committee (`body`), "finance" Økonomiudvalget, "council" Kommunalbestyrelsen; `cycle` moves a step
to a later council cycle (a postponement). Action `due` counts days from the final decision
(`late` instead puts the due date that many working days before today: an action running late);
`updates` are spread from the decision to today, the last one leaving the action's status.
"""

from committees.demo.mandates_early import _ALDERSVENLIGT, _IDRAET
from committees.demo.mandates_handed_over import _FAELLESSKABER
from committees.demo.mandates_late import _UNGE
from committees.demo.people import KFU, PBU, SSU
from committees.demo.recommendation_story import Action, Rec, Step

ONWARD = Step("standing", "approved", reason="Anbefales over for Økonomiudvalget og "
              "Kommunalbestyrelsen.")  # fmt: skip
FIN_ONWARD = Step("finance", "approved", reason="Anbefales over for Kommunalbestyrelsen.")
CKF, CSO, CBU = (
    "Center for Kultur og Fritid",
    "Center for Sundhed og Omsorg",
    "Center for Byudvikling",
)

ALDERSVENLIGT = (
    Rec(
        "Tryghedsruter med bænke og toiletter i alle bydele",
        "Vi anbefaler, at kommunen udpeger **tryghedsruter** mellem boligområder, butikker, "
        "læge og bibliotek i alle bydele, og at ruterne får:\n\n"
        "- en bænk mindst for hver 200 meter\n- offentligt toilet ved hvert bydelscenter\n"
        "- jævne fortove, længere grøn tid i lyskryds og god belysning",
        "Gåturen i Solbjerg Nord viste, at mange ældre bliver hjemme, fordi der ikke er steder "
        "at hvile sig undervejs. Afprøvningen gav 30 procent flere ældre på ruten.",
        (1, 5),
        body=PBU,
        steps=(ONWARD, FIN_ONWARD, Step("council", "approved", True)),
        actions=(
            Action(
                "Opstille 40 bænke langs tryghedsruten i Solbjerg Nord",
                "Bænke med armlæn og ryglæn, placeret efter gåturens registreringer.",
                CBU,
                120,
                "done",
                100,
                (
                    "Placeringerne er aftalt med Ældrerådet; bænkene er bestilt.",
                    "25 af 40 bænke er opstillet.",
                    "Alle 40 bænke er opstillet og taget i brug.",
                ),
            ),
            Action(
                "Åbne offentlige toiletter ved Solbjerg Bibliotek og Nordcentret",
                "Toiletterne holdes åbne kl. 8–20 og rengøres dagligt.",
                CBU,
                300,
                "at_risk",
                40,
                (
                    "Toilettet ved biblioteket er åbnet i bibliotekets åbningstid.",
                    "Nordcentrets ejer har endnu ikke givet tilladelse; dialogen fortsætter.",
                ),
            ),
            Action(
                "Udvide tryghedsruterne til Solbjerg Syd og Vestbyen",
                "Ruterne gås igennem med lokale seniorer før udpegning.",
                CBU,
                480,
                "on_track",
                55,
                (
                    "Gåture holdt i Solbjerg Syd med 18 deltagere.",
                    "Ruten i Solbjerg Syd er udpeget; Vestbyen følger til foråret.",
                ),
            ),
        ),
    ),
    Rec(
        "Plads til seniorbofællesskaber i nye lokalplaner",
        "Vi anbefaler, at mindst **10 procent** af boligerne i nye lokalplaner for større "
        "boligområder kan bruges til seniorbofællesskaber eller andre fællesskabsboliger.",
        "Mange ældre vil gerne flytte i en mindre bolig, men ikke væk fra deres lokalområde. "
        "I dag er der venteliste til de to seniorbofællesskaber i kommunen.",
        (2,),
        body=PBU,
        steps=(
            ONWARD,
            FIN_ONWARD,
            Step(
                "council",
                "approved_with_changes",
                True,
                "Andelen fastsættes i hver lokalplan ud fra lokalområdets behov.",
                "Kommunalbestyrelsen godkender, at der i nye lokalplaner for større boligområder "
                "**sigtes mod** 10 procent fællesskabsboliger; andelen vurderes i hver plan.",
            ),
        ),
        actions=(
            Action(
                "Udpege arealer til seniorbofællesskaber i planstrategien",
                "Mindst tre arealer vurderes i forslaget til Planstrategi 2027.",
                CBU,
                270,
                "delayed",
                30,
                (
                    "Arbejdet er startet med en kortlægning af kommunale grunde.",
                    "Planstrategien er udskudt et halvt år; udpegningen følger med.",
                ),
                late=3,
            ),
            Action(
                "Vejledning til boligforeninger om seniorbofællesskaber",
                "En kort vejledning om etablering, fællesarealer og udlejning.",
                CBU,
                240,
                "on_track",
                70,
                ("Tre boligforeninger har givet input.", "Udkastet er i høring hos Ældrerådet."),
            ),
        ),
    ),
    Rec(
        "Besøgsvenner og spisefællesskaber mod ensomhed",
        "Vi anbefaler et **partnerskab** med Røde Kors, Ældre Sagen og sognene om flere "
        "besøgsvenner, og at plejecentrenes spisestuer åbnes for hjemmeboende ældre.",
        "Hver sjette borger over 75 år føler sig ofte ensom. De frivillige har ventelister, "
        "fordi det er svært at finde og matche nye besøgsvenner.",
        (3,),
        body=SSU,
        steps=(
            ONWARD,
            FIN_ONWARD,
            Step(
                "council",
                "partly_approved",
                True,
                "Spisefællesskaberne gennemføres inden for plejecentrenes eksisterende rammer.",
                "Partnerskabet om besøgsvenner godkendes. Åbningen af spisestuerne godkendes "
                "som forsøg på ét plejecenter uden ekstra bevilling.",
            ),
        ),
        actions=(
            Action(
                "Partnerskab om besøgsvenner",
                "En fælles koordinator og én indgang for ældre, der ønsker en besøgsven.",
                CSO,
                365,
                "on_track",
                60,
                (
                    "Partnerskabsaftalen er underskrevet af fire parter.",
                    "42 nye besøgsvenskaber er etableret.",
                    "Rekruttering af frivillige på biblioteket og i sognegården.",
                ),
            ),
            Action(
                "Forsøg med åben spisestue på Plejecenter Bøgely",
                "Hjemmeboende ældre kan spise med to dage om ugen.",
                CSO,
                180,
                "dropped",
                20,
                ("Forsøget er forberedt med beboerrådet.", "Forsøget er opgivet."),
                dropped="Bøgely ombygges i hele 2026; forsøget flyttes ikke til et andet center, "
                "fordi besøgsvennerne dækker behovet.",
            ),
        ),
    ),
    Rec(
        "Personlig hjælp til ældre, der ikke er digitale",
        "Vi anbefaler, at bibliotekerne får en fast **Spørg om hjælp**-tid hver uge, og at "
        "borgere over 75 år får kommunens tilbud i en trykt kvartalsavis.",
        "Omkring hver femte borger over 75 år bruger ikke digital post og går glip af "
        "information om aktiviteter, transport og hjælp.",
        (4,),
        body=SSU,
        steps=(
            ONWARD,
            Step(
                "finance",
                "postponed",
                reason="Udsat til budgetforhandlingerne; finansieringen af kvartalsavisen "
                "skal afklares.",
            ),
            Step("finance", "approved", reason="Finansieret i budgetaftalen.", cycle=1),
            Step("council", "approved", True, cycle=1),
        ),
        actions=(
            Action(
                "Spørg om hjælp-tid på de tre biblioteker",
                "To timer hver tirsdag med en medarbejder fra Borgerservice.",
                CKF,
                200,
                "on_track",
                50,
                ("Tilbuddet er startet på Solbjerg Bibliotek.", "Udvidet til Nord og Syd."),
            ),
            Action(
                "Trykt kvartalsavis til borgere over 75 år",
                "Fire numre om året, udsendt med posten.",
                CSO,
                330,
                "not_started",
                0,
                ("Udbuddet af tryk og distribution er under forberedelse.",),
            ),
        ),
    ),
    Rec(
        "Gratis flextur for borgere over 80 år",
        "Vi anbefaler, at borgere over 80 år kan bruge **flextur gratis** til læge, "
        "apotek og indkøb inden for kommunen.",
        "Mange ældre har opgivet bilen, og busruterne dækker ikke alle boligområder.",
        (1,),
        body=PBU,
        steps=(
            ONWARD,
            Step("finance", "rejected", reason="Ingen finansiering inden for budgetrammen."),
            Step(
                "council",
                "rejected",
                True,
                "Forslaget koster cirka 2,4 mio. kr. om året og kan ikke finansieres i "
                "budgetrammen. Kommunalbestyrelsen vil se på rabatordninger i næste budget.",
            ),
        ),
    ),
    Rec(
        "Idékatalog med mindre tiltag for et aldersvenligt Solbjerg",
        "Vi anbefaler, at fagudvalgene bruger udvalgets **idékatalog** med 24 mindre tiltag, "
        "som kan gennemføres inden for de eksisterende budgetter.",
        "Mange gode forslag fra dialogmødet var små og billige og passer ikke ind i de større "
        "anbefalinger.",
        (2, 5),
        body=SSU,
        steps=(Step("standing", "noted", True, "Idékataloget indgår i ældrepolitikken."),),
    ),
)

FAELLESSKABER = (
    Rec(
        "Én digital indgang til foreningslivet",
        "Vi anbefaler en fælles **digital foreningsportal**, hvor borgere kan finde "
        "fællesskaber efter interesse, bydel og pris, og hvor nye kan melde sig til en prøvetime.",
        "Interviewene viste, at nytilflyttede ikke ved, hvor de skal lede.",
        (1, 2),
        body=KFU,
        steps=(ONWARD,),
    ),
    Rec(
        "Fritidspas til børn og unge fra familier med lav indkomst",
        "Vi anbefaler et **fritidspas**, der dækker kontingent og udstyr det første år.",
        "Pris var den barriere, der blev nævnt oftest på dialogmødet.",
        (1,),
        body=KFU,
        steps=(ONWARD,),
    ),
    Rec(
        "Åbne kommunale lokaler for fællesskaber i dagtimerne",
        "Vi anbefaler, at skoler, kulturhuse og haller kan bookes gratis af fællesskaber uden "
        "for skoletid, og at bookingen samles ét sted.",
        "Udvalgets katalog viser 38 lokaler, der står tomme store dele af dagen.",
        (3,),
        body=KFU,
        steps=(ONWARD,),
    ),
    Rec(
        "Frivilligjob for unge med kort varighed",
        "Vi anbefaler, at foreningerne tilbyder korte, afgrænsede **frivilligjob**, og at "
        "kommunen formidler dem på ungdomsuddannelserne.",
        "Unge vil gerne hjælpe, men sjældent binde sig for en hel sæson.",
        (4,),
        body=SSU,
    ),
    Rec(
        "En årlig fællesskabsdag på torvet",
        "Vi anbefaler, at fællesskabsdagen gentages hvert år med foreninger, kulturinstitutioner "
        "og frivillige.",
        "Afprøvningen samlede 60 foreninger og omkring 2.000 besøgende.",
        (2,),
        body=SSU,
    ),
)

UNGE = (
    Rec(
        "Færre prøver og mere fællesskab i udskolingen",
        "Vi anbefaler, at skolerne samler prøver og afleveringer i **faste uger**, og at hver "
        "klasse har en fast time om ugen til fællesskab.",
        "De unge i ungepanelet peger på præstationspres som den største kilde til stress.",
        (1, 2),
        earlier=(
            "Færre prøver i udskolingen",
            "Vi anbefaler, at skolerne halverer antallet af prøver i 8. og 9. klasse.",
            "Udvidet med fællesskabstimen efter workshoppen på gymnasiet; "
            "kravet om halvering er erstattet af faste prøveuger.",
        ),
    ),
    Rec(
        "En fælles forældreaftale om skærm og sociale medier",
        "Vi anbefaler, at skolebestyrelserne får et udkast til en **forældreaftale** om "
        "mobiltelefoner, sociale medier og skærmfri aftener.",
        "Forældre efterlyser fælles spilleregler, så den enkelte familie ikke står alene.",
        (3,),
        comments=(
            ("Alberte Krogh", "Aftalen skal skrives sammen med eleverne, ellers virker den ikke."),
            ("Morten Skov", "Godt forslag. Kan foreningerne også skrive under på den?"),
        ),
        commenting=True,
    ),
    Rec(
        "Én indgang til hjælp, når unge mistrives",
        "Vi anbefaler en **åben rådgivning** uden henvisning, hvor unge og forældre kan få "
        "hjælp inden for en uge.",
        "I dag venter unge i gennemsnit ni uger og møder mange forskellige fagpersoner.",
        (4,),
    ),
    Rec(
        "Ungdomsklubberne som fællesskab for flere",
        "Vi anbefaler, at klubberne holder åbent i weekenden og samarbejder med foreningerne "
        "om prøvetræninger.",
        "Unge uden for fællesskaberne kommer oftest i klubben, hvis en ven tager dem med.",
        (5,),
    ),
)

IDRAET = (
    Rec(
        "Samlet facilitetsplan for haller og svømmehal",
        "Vi anbefaler en **facilitetsplan** for 15 år, der prioriterer renovering af "
        "Solbjerg Hallen og en ny multihal i skoledistrikt Syd.",
        "Befolkningsprognosen viser flest nye børn i Syd, og hallerne er fuldt booket om aftenen.",
        (1, 3),
        earlier=(
            "Ny multihal i skoledistrikt Syd",
            "Vi anbefaler en ny multihal i skoledistrikt Syd.",
            "Samlet med renoveringen af Solbjerg Hallen til én plan efter studieturen.",
        ),
    ),
    Rec(
        "Fleksibel booking og flere brugere i dagtimerne",
        "Vi anbefaler et **fælles bookingsystem**, hvor ubrugte tider frigives automatisk, og "
        "at seniorer og institutioner får fortrinsret i dagtimerne.",
        "Hallerne står næsten tomme om formiddagen, mens foreningerne venter på aftentider.",
        (2, 4),
        comments=(("Thomas Juhl", "Svømmeklubben skal fortsat have faste morgentider."),),
        commenting=True,
    ),
    Rec(
        "Idrætsanlæg som mødesteder for skoler og borgere",
        "Vi anbefaler, at nye og renoverede anlæg får café, opholdsrum og udendørs "
        "aktivitetsområder, som alle kan bruge.",
        "Anlæggene skal være mere end baner: steder, hvor man mødes før og efter træning.",
        (4,),
    ),
)

RECOMMENDATIONS = {
    _ALDERSVENLIGT.name: ALDERSVENLIGT,
    _FAELLESSKABER.name: FAELLESSKABER,
    _UNGE.name: UNGE,
    _IDRAET.name: IDRAET,
}
HANDOVER_NOTES = {
    _ALDERSVENLIGT.name: "Anbefalingerne og idékataloget er sendt til Social- og "
    "Sundhedsudvalget og Plan- og Byudvalget.",
    _FAELLESSKABER.name: "Anbefalingerne og kataloget over mødesteder er sendt til Kultur- og "
    "Fritidsudvalget og Social- og Sundhedsudvalget.",
}
REVIEW_NOTES = {
    3: "Første opfølgning: handlingerne er sat i gang, og ejerne er på plads.",
    6: "Halvårsstatus behandlet i fagudvalget; de forsinkede handlinger følges tæt.",
    12: "Årsstatus til Kommunalbestyrelsen.",
}
E_MAIL_FOLLOWER = "ellen.hald@example.net"
