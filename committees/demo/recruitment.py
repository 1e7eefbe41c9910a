"""Demo data: the recruiting committee's open call and a few dozen applications to choose from.

The call is open (its deadline a few days ahead), so the public page offers "Søg om at deltage";
the secretariat can look through the pool, shortlist, preview the composition, close the call
early ("Luk opslaget nu") and record the council's appointment, all in the browser.
"""

import random
from datetime import timedelta

from committees.extensions import db
from committees.models import (
    AgeBand,
    Application,
    ApplicationStatus,
    CallStatus,
    Committee,
    CommitteeState,
    Gender,
    RecruitmentCall,
)
from committees.models.base import utcnow
from workflows import recruitment

FIRST = [
    "Emma",
    "Ida",
    "Clara",
    "Freja",
    "Alma",
    "Ella",
    "Sofia",
    "Laura",
    "Anna",
    "Karla",
    "Mathilde",
    "Signe",
    "Lærke",
    "Nanna",
    "Maja",
    "William",
    "Noah",
    "Oscar",
    "Lucas",
    "Carl",
    "Oliver",
    "Victor",
    "Alfred",
    "Malthe",
    "Emil",
    "Frederik",
    "Magnus",
    "Aksel",
    "Valdemar",
    "Birthe",
    "Jørgen",
    "Hanne",
    "Ole",
    "Kirsten",
    "Bent",
    "Lis",
    "Erik",
    "Inge",
    "Poul",
    "Ayse",
    "Mohammed",
    "Fatima",
    "Ali",
    "Zainab",
]
LAST = [
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Yilmaz",
    "Hussein",
]
POSTAL = ["2950", "2950", "2950", "2960", "2970", "2980", "2990"]  # Solbjerg's districts
MOTIVATIONS = [
    "Jeg bor 200 meter fra stranden og oplevede stormfloden i 2023 på nærmeste hold. Jeg vil "
    "gerne være med til at finde løsninger, der også tager hensyn til naturen.",
    "Som ingeniør i et rådgivende firma arbejder jeg med regnvand til daglig. Jeg kan bidrage "
    "med viden om skybrudssikring og om, hvad løsningerne koster.",
    "Jeg er formand for grundejerforeningen Strandparken og kender de bekymringer, mange af "
    "vores medlemmer har for deres huse.",
    "Jeg går i 2.g og er med i elevrådets klimagruppe. Det er min generation, der skal leve "
    "med det, der besluttes nu.",
    "Jeg er ornitolog og har talt fugle ved Solbjerg Strand i 30 år. Kysten er et levested, "
    "ikke kun noget, der skal beskyttes.",
    "Jeg har to små børn og bruger stranden hver weekend. Jeg vil gerne have, at den stadig er "
    "et sted for familier om 50 år.",
    "Jeg driver kajakudlejning ved havnen og ser hver dag, hvordan kysten bruges.",
    "Jeg har boet i Solbjerg hele mit liv og har tid nu, hvor jeg er gået på pension.",
]
ANSWERS = [
    "Viden om natur og dyreliv langs kysten.",
    "Erfaring med foreningsarbejde og at lytte til mange synspunkter.",
    "Jeg kan tegne og lave modeller af løsningerne.",
    "Kendskab til forsikring og erstatning efter oversvømmelser.",
    "",
]


def load() -> None:
    """Open the recruiting committee's call and fill it with 36 confirmed applications."""
    rng = random.Random(2950)  # noqa: S311 (demo data, reproducible on purpose)
    committee = db.session.scalar(
        db.select(Committee).where(Committee.state == CommitteeState.recruiting).limit(1)
    )
    if committee is None or committee.approved_mandate is None:
        return
    mandate = committee.approved_mandate
    now = utcnow()
    call = RecruitmentCall(
        committee=committee,
        status=CallStatus.open,
        seats=mandate.seats_citizens,
        opens_at=now - timedelta(days=18),
        closes_at=(now + timedelta(days=9)).replace(hour=10, minute=0, second=0, microsecond=0),
        meetings=7,
        period="fra februar til december",
        place="Solbjerg Rådhus og ude langs kysten",
        consent_text=recruitment.default_consent_text(),
        publish_consent_text=recruitment.default_publish_consent_text(),
        questions=["Hvilken viden eller erfaring vil du især bidrage med?"],
        tell_applicants_of_extension=True,
        created_at=now - timedelta(days=18),
    )
    call.profiles = list(mandate.competence_profiles)
    db.session.add(call)
    ages = list(AgeBand)
    weights = [1, 3, 5, 7, 8, 4]  # the usual skew: few young applicants
    genders = [Gender.woman, Gender.man, Gender.woman, Gender.man, Gender.undisclosed, None]
    for i in range(36):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        created = now - timedelta(days=17 - i * 0.45, hours=rng.randint(0, 10))
        application = Application(
            call=call,
            status=ApplicationStatus.received,
            name=name,
            email=f"ansoeger{i + 1}@borger.example",
            phone=f"2{rng.randint(0, 9999999):07d}" if rng.random() < 0.6 else "",
            age_band=rng.choices(ages, weights)[0],
            postal_code=rng.choice(POSTAL),
            gender=rng.choice(genders),
            motivation=rng.choice(MOTIVATIONS),
            answers=[{"question": call.questions[0], "answer": rng.choice(ANSWERS)}],
            consent_text=call.consent_text,
            publish_name=rng.random() < 0.7,
            publish_consent_text=call.publish_consent_text,
            created_at=created,
            confirmed_at=created + timedelta(minutes=rng.randint(2, 300)),
            updated_at=created,
        )
        application.profiles = rng.sample(
            call.profiles, k=min(len(call.profiles), rng.randint(1, 2))
        )
        if i < 5:
            application.status = ApplicationStatus.shortlisted
            application.staff_note = "Stærk motivation; dækker en profil, vi mangler."
        db.session.add(application)
    db.session.flush()
    recruitment.plan_deadline_notices(call)
    db.session.commit()
