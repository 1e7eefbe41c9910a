"""Words for the volume data: names, topics and a few paragraphs, reused many times over.

Texts are shared strings (the same paragraph in many rows): their length is realistic, their
variety is not, which is all a benchmark needs.
"""

FIRST_NAMES = (
    "Anne", "Mette", "Kirsten", "Hanne", "Helle", "Susanne", "Lene", "Camilla", "Sara", "Ida",
    "Emma", "Freja", "Maja", "Louise", "Marianne", "Pia", "Birgitte", "Karen", "Lone", "Signe",
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Jan", "Niels", "Rasmus",
    "Mads", "Mikkel", "Jonas", "Frederik", "Oliver", "Anders", "Christian", "Morten", "Ole",
    "Kasper", "Ahmad", "Fatima", "Mohammed", "Aisha", "Yusuf", "Zainab", "Ali", "Noor",
)  # fmt: skip
LAST_NAMES = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
    "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Holm", "Winther", "Skovgaard",
    "Damgaard", "Lindholm", "Kragh", "Bonde", "Birk", "Vestergaard", "Frost", "Dahl", "Berg",
    "Hussein", "Yilmaz", "Ali", "Khan", "Nguyen", "Kowalski",
)  # fmt: skip
PARTIES = (
    "Socialdemokratiet", "Venstre", "Det Konservative Folkeparti", "SF", "Radikale Venstre",
    "Enhedslisten", "Liberal Alliance", "Dansk Folkeparti", "Alternativet", "Moderaterne",
)  # fmt: skip
TOPICS = (
    "klimatilpasning", "unges trivsel", "det aldersvenlige samfund", "idræt og bevægelse",
    "byliv og handel", "fællesskaber", "mental sundhed", "inklusion i skolen", "biodiversitet",
    "den grønne omstilling", "frivillighed", "kultur for alle", "trafiksikkerhed",
    "boliger for alle", "ensomhed", "sundhed i nærmiljøet", "digital inklusion",
    "fremtidens daginstitutioner", "erhvervsudvikling", "cykelbyen", "kystbeskyttelse",
    "lokaldemokrati", "integration og beskæftigelse", "fremtidens folkeskole",
    "natur og friluftsliv",
    "affald og genbrug", "handicapvenlig by", "børnefamilier", "madkultur", "stationsbyerne",
)  # fmt: skip
AREAS = (
    "nord", "syd", "øst", "vest", "midtby", "havnen", "landsbyerne", "bymidten", "kysten",
    "oplandet",
)  # fmt: skip
STANDING_COMMITTEES = (
    "Børne- og Skoleudvalget", "Social- og Sundhedsudvalget", "Kultur- og Fritidsudvalget",
    "Klima- og Miljøudvalget", "Plan- og Byudvalget", "Erhvervs- og Beskæftigelsesudvalget",
)  # fmt: skip
UNITS = (
    "Center for Børn og Unge", "Center for Social og Sundhed", "Center for Kultur og Fritid",
    "Center for Klima og Miljø", "Center for Byplan", "Center for Erhverv og Beskæftigelse",
)  # fmt: skip
PLACES = ("Rådhuset, mødelokale 1", "Rådhuset, byrådssalen", "Biblioteket, salen",
          "Medborgerhuset", "Kulturhuset, lokale 2", "Skolen, aulaen")  # fmt: skip
ITEM_TITLES = (
    "Velkomst og præsentation", "Orientering fra sekretariatet", "Status på arbejdsgrupperne",
    "Drøftelse af foreløbige anbefalinger", "Oplæg fra ekstern ekspert", "Input fra dialogmødet",
    "Tidsplan for det videre arbejde", "Kommunikation om udvalgets arbejde", "Borgerinddragelse",
    "Gennemgang af data og erfaringer", "Økonomiske rammer", "Prioritering af temaer",
    "Opsamling fra workshoppen", "Forslag til anbefalinger", "Eventuelt",
)  # fmt: skip
CASE = (
    "Sekretariatet har samlet erfaringerne fra de seneste møder og fra dialogmødet med "
    "borgerne. Der tegner sig tre temaer, som udvalget bør gå videre med:\n\n"
    "- hvordan vi når dem, der sjældent deltager\n"
    "- hvad det kræver af kommunens egne tilbud\n"
    "- hvordan frivillige og foreninger kan bære en del af indsatsen\n\n"
    "Bilaget opsummerer input fra arbejdsgrupperne og de tal, administrationen har trukket."
)
CASE_SHORT = "Kort orientering ved formanden og sekretariatet. Der er ikke udsendt bilag."
PROPOSAL = "Det indstilles, at udvalget drøfter oplægget og beslutter den videre proces."
DECISION = "Godkendt. Udvalget bad sekretariatet arbejde videre med de tre temaer."
NOTES = (
    "Udvalget drøftede oplægget grundigt. Flere medlemmer pegede på, at de unge skal inddrages "
    "tidligere, og at foreningerne skal have en tydelig rolle. Formanden opsummerede."
)
BACKGROUND = (
    "Kommunalbestyrelsen har i budgetaftalen besluttet at nedsætte et opgaveudvalg, der skal "
    "komme med anbefalinger til, hvordan kommunen styrker indsatsen på området. Udvalget "
    "arbejder efter styrelseslovens § 17, stk. 4, og består af politikere og borgere."
)
PURPOSE = (
    "Formålet er at udvikle en ny politik i tæt samspil med borgere, foreninger og "
    "fagfolk, så politikken bygger på både erfaringer og viden."
)
QUESTIONS = (
    "Hvad kendetegner en god indsats på området set fra borgernes side?",
    "Hvordan kan kommunen, foreninger og frivillige arbejde bedre sammen?",
    "Hvilke grupper når vi ikke i dag, og hvordan kan vi nå dem?",
    "Hvordan måler vi, om indsatsen virker?",
    "Hvad bør kommunen gøre anderledes de næste fire år?",
)
DELIVERABLES = ("Et sæt anbefalinger til kommunalbestyrelsen", "Et forslag til en ny politik",
                "Et idékatalog til administrationen")  # fmt: skip
PROFILES = (
    ("Ung", "Du er mellem 15 og 25 år og har noget på hjerte."),
    ("Forælder", "Du har børn i kommunens dagtilbud eller skoler."),
    ("Foreningsaktiv", "Du er aktiv i en forening eller som frivillig."),
    ("Fagperson", "Du arbejder med området til daglig."),
    ("Ældre", "Du er over 65 år og bor i kommunen."),
)
REC_TITLES = (
    "Styrk samarbejdet med foreningerne", "Gør det let at være frivillig",
    "Flere mødesteder i lokalområderne", "En indgang til kommunen", "Inddrag de unge tidligt",
    "Mål effekten og del resultaterne", "Grønne rammer om hverdagslivet",
    "Understøt de svageste familier", "Mere bevægelse i skoledagen", "Trygge skoleveje",
)  # fmt: skip
REC_TEXT = (
    "Udvalget anbefaler, at kommunen inden for to år etablerer en fast ramme for samarbejdet, "
    "med en tydelig kontaktperson og en årlig opfølgning i det stående udvalg.\n\n"
    "Anbefalingen bygger på udvalgets møder, workshops og dialogmødet med borgerne."
)
RATIONALE = "Borgerne oplever i dag, at indsatsen er spredt, og at det er svært at finde vej."
UPDATE_TEXT = "Arbejdet skrider frem som planlagt. Der er holdt møde med de berørte foreninger."
LESSONS = (
    "Udvalget har fungeret godt. Borgermedlemmerne fremhæver dialogmøderne, og politikerne "
    "peger på, at anbefalingerne er blevet mere konkrete end i tidligere udvalg."
)
MOTIVATION = "Jeg vil gerne bidrage med mine erfaringer og være med til at gøre en forskel."
CONSENT = "Jeg giver samtykke til, at kommunen behandler mine oplysninger i rekrutteringen."
PUBLISH_CONSENT = "Jeg giver samtykke til, at mit navn offentliggøres, hvis jeg bliver udpeget."
