"""Demo data: the handed-over committee (fællesskaber på tværs) and its mandate, in Danish."""

from committees.demo.people import (
    KFU,
    SECRETARIAT_2,
    SSU,
    _Person,
    _Spec,
)
from committees.models import (
    CommitteeState,
    ViceChairMethod,
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
