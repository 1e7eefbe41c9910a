"""The secretariat's recruitment forms: the call, marking an application, the decision, and the
filters of the pool (a GET form)."""

from datetime import date, datetime, time, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from committees.forms_common import BaseForm, CheckboxListField, SubForm, enum_value
from committees.models import (
    AgeBand,
    ApplicationStatus,
    CompetenceProfile,
    Gender,
    MandateVersion,
    RecruitmentCall,
)
from committees.models.base import LOCAL_TZ, local_today, utcnow
from workflows import recruitment, workdays

MAX_QUESTIONS = 5
QUESTION_MAX = 500
PER_PAGE = 25


def _required(message):
    return [InputRequired(message)]


class CallForm(BaseForm):
    """The call (opslag): seats, dates in Copenhagen time, the practical frame, consent texts,
    extra questions and the profiles sought."""

    seats = IntegerField(
        _l("Antal pladser til borgere"),
        validators=[
            InputRequired(_l("Skriv antallet af pladser.")),
            NumberRange(min=1, max=60, message=_l("Antallet skal være mellem 1 og 60.")),
        ],
    )
    opens_on = DateField(_l("Åbner dato"), validators=_required(_l("Skriv åbningsdatoen.")))
    opens_time = TimeField(
        _l("Åbner klokken"),
        description=_l("Dansk tid, f.eks. 08:00."),
        validators=_required(_l("Skriv klokkeslættet.")),
    )
    closes_on = DateField(
        _l("Ansøgningsfrist dato"), validators=_required(_l("Skriv ansøgningsfristen."))
    )
    closes_time = TimeField(
        _l("Ansøgningsfrist klokken"),
        description=_l("Dansk tid, f.eks. 12:00."),
        validators=_required(_l("Skriv klokkeslættet.")),
    )
    meetings = IntegerField(
        _l("Antal møder"),
        validators=[
            InputRequired(_l("Skriv antallet af møder.")),
            NumberRange(min=0, max=100, message=_l("Antallet skal være mellem 0 og 100.")),
        ],
    )
    period = StringField(
        _l("Periode"),
        description=_l("F.eks. marts til december 2027."),
        validators=[Optional(), Length(max=200)],
    )
    place = StringField(
        _l("Mødested"), validators=[Optional(), Length(max=200)], description=_l("F.eks. Rådhuset.")
    )
    consent_text = TextAreaField(
        _l("Samtykketekst"),
        description=_l("Det, ansøgeren giver samtykke til. Teksten gemmes med hver ansøgning."),
        validators=[InputRequired(_l("Skriv samtykketeksten.")), Length(max=5000)],
    )
    publish_consent_text = TextAreaField(
        _l("Samtykke til offentligt navn"),
        validators=[InputRequired(_l("Skriv teksten.")), Length(max=2000)],
    )
    questions = TextAreaField(
        _l("Ekstra spørgsmål til ansøgerne"),
        description=_l("Ét spørgsmål pr. linje, højst 5. Kan være tomt."),
        validators=[Optional(), Length(max=MAX_QUESTIONS * (QUESTION_MAX + 2))],
    )
    profiles = CheckboxListField(_l("Kompetenceprofiler i opslaget"), coerce=int)
    tell_applicants_of_extension = BooleanField(
        _l("Giv ansøgerne besked, hvis fristen bliver forlænget")
    )
    submit = SubmitField(_l("Gem opslaget"))

    def __init__(
        self, *args, profiles: list[CompetenceProfile], call: RecruitmentCall | None = None, **kw
    ) -> None:
        super().__init__(*args, **kw)
        self._call = call
        self.profiles.choices = [(p.id, p.name) for p in profiles]

    def prefill_new(self, mandate: MandateVersion | None) -> None:
        """Defaults for a new call: the mandate's seats and profiles, three weeks to apply."""
        today = local_today()
        self.seats.data = max(mandate.seats_citizens, 1) if mandate else 1
        self.opens_on.data, self.opens_time.data = today, time(0, 0)
        self.closes_on.data, self.closes_time.data = today + timedelta(days=21), time(12, 0)
        self.meetings.data = 6
        if mandate and mandate.start_date and mandate.end_date:
            self.period.data = "{} – {}".format(
                format_date(mandate.start_date, "d. MMMM y"),
                format_date(mandate.end_date, "d. MMMM y"),
            )
        self.consent_text.data = recruitment.default_consent_text()
        self.publish_consent_text.data = recruitment.default_publish_consent_text()
        self.profiles.data = [value for value, _label in self.profiles.choices]
        self.tell_applicants_of_extension.data = True

    def prefill_from(self, call: RecruitmentCall) -> None:
        """The call as it is, its moments in Copenhagen time."""
        opens, closes = _local(call.opens_at), _local(call.closes_at)
        self.seats.data, self.meetings.data = call.seats, call.meetings
        self.opens_on.data, self.opens_time.data = opens.date(), opens.time()
        self.closes_on.data, self.closes_time.data = closes.date(), closes.time()
        self.period.data, self.place.data = call.period, call.place
        self.consent_text.data = call.consent_text
        self.publish_consent_text.data = call.publish_consent_text
        self.questions.data = "\n".join(call.questions or [])
        chosen = {p.id for p in call.profiles}
        self.profiles.data = [v for v, _label in self.profiles.choices if v in chosen]
        self.tell_applicants_of_extension.data = call.tell_applicants_of_extension

    def question_list(self) -> list[str]:
        return [q.strip() for q in (self.questions.data or "").splitlines() if q.strip()]

    def opens_at(self) -> datetime | None:
        return _moment(self.opens_on.data, self.opens_time.data)

    def closes_at(self) -> datetime | None:
        return _moment(self.closes_on.data, self.closes_time.data)

    def validate_questions(self, field) -> None:
        """At most five questions, each of a readable length."""
        questions = self.question_list()
        if len(questions) > MAX_QUESTIONS:
            raise ValidationError(_l("Højst %(n)d spørgsmål.", n=MAX_QUESTIONS))
        if any(len(q) > QUESTION_MAX for q in questions):
            raise ValidationError(_l("Et spørgsmål må højst være %(n)d tegn.", n=QUESTION_MAX))

    def validate_closes_on(self, field) -> None:
        """The deadline comes after the opening, and a new or moved deadline is ahead of us."""
        opens, closes = self.opens_at(), self.closes_at()
        if opens is None or closes is None:
            return
        if closes <= opens:
            raise ValidationError(_l("Ansøgningsfristen skal ligge efter åbningstidspunktet."))
        moved = self._call is None or closes != self._call.closes_at
        if moved and closes <= utcnow():
            raise ValidationError(_l("Ansøgningsfristen skal ligge i fremtiden."))

    def call_data(self) -> recruitment.CallData:
        return recruitment.CallData(
            seats=self.seats.data,
            opens_at=self.opens_at(),
            closes_at=self.closes_at(),
            meetings=self.meetings.data,
            period=self.period.data or "",
            place=self.place.data or "",
            consent_text=self.consent_text.data or "",
            publish_consent_text=self.publish_consent_text.data or "",
            questions=self.question_list(),
            profile_ids=list(self.profiles.data or []),
            tell_applicants_of_extension=bool(self.tell_applicants_of_extension.data),
        )


def _moment(day: date | None, at: time | None) -> datetime | None:
    if day is None or at is None:
        return None
    return workdays.local_moment(day, at)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ).replace(tzinfo=None)


class MarkForm(BaseForm):
    """Shortlist, reserve or decline an application, with a note for staff only."""

    expected_status = HiddenField(validators=[Length(max=20)])
    status = SelectField(_l("Status"), coerce=enum_value)
    staff_note = TextAreaField(
        _l("Intern note"),
        description=_l("Ses kun af sekretariatet og udvalgets formand og facilitator."),
        validators=[Optional(), Length(max=2000)],
    )
    submit = SubmitField(_l("Gem"))

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.status.choices = [(s.value, s.label) for s in recruitment.MARKABLE]


class AppointmentForm(BaseForm):
    """The council's decision: the date of the meeting and the agenda item."""

    decided_on = DateField(
        _l("Beslutningsdato"), validators=_required(_l("Skriv datoen for beslutningen."))
    )
    reference = StringField(
        _l("Dagsordenspunkt"),
        description=_l("F.eks. punkt 7 på kommunalbestyrelsens møde."),
        validators=[InputRequired(_l("Skriv dagsordenspunktet.")), Length(max=120)],
    )
    submit = SubmitField(_l("Registrér udpegningen"))

    def validate_decided_on(self, field) -> None:
        """A decision is recorded after the meeting, not before."""
        if field.data and field.data > local_today():
            raise ValidationError(_l("Beslutningsdatoen kan ikke ligge i fremtiden."))

    def decision(self) -> recruitment.Decision:
        return recruitment.Decision(self.decided_on.data, (self.reference.data or "").strip())


SORTS = {
    "name": _l("Navn"),
    "date": _l("Sendt"),
    "status": _l("Status"),
    "age": _l("Aldersgruppe"),
    "postal": _l("Postnummer"),
}
NO_GENDER = "none"


class PoolFilterForm(SubForm):
    """Filters, search, sort and page of the pool, read from the query string (no CSRF: GET).

    A value that does not fit is dropped, never an error: a stale bookmark still shows a list.
    """

    status = SelectField(_l("Status"), coerce=str)
    profile = SelectField(_l("Kompetenceprofil"), coerce=str)
    age = SelectField(_l("Aldersgruppe"), coerce=str)
    gender = SelectField(_l("Køn"), coerce=str)
    postal = StringField(_l("Postnummer"), validators=[Optional(), Length(min=4, max=4)])
    q = StringField(
        _l("Søg"),
        description=_l("I navn, e-mail og motivation."),
        validators=[Optional(), Length(max=100)],
    )
    sort = SelectField(_l("Sortér efter"), coerce=str)
    order = SelectField(_l("Rækkefølge"), coerce=str)
    page = IntegerField(_l("Side"), validators=[Optional(), NumberRange(min=1, max=100000)])

    def __init__(self, formdata, profiles: list[CompetenceProfile]) -> None:
        super().__init__(formdata)
        everyone = [("", _l("Alle bekræftede"))]
        self.status.choices = everyone + [
            (s.value, s.label) for s in ApplicationStatus if s is not ApplicationStatus.withdrawn
        ]
        self.profile.choices = [("", _l("Alle profiler"))] + [(str(p.id), p.name) for p in profiles]
        self.age.choices = [("", _l("Alle aldre"))] + [(a.value, a.label) for a in AgeBand]
        self.gender.choices = (
            [("", _l("Alle"))]
            + [(g.value, g.label) for g in Gender]
            + [(NO_GENDER, _l("Ikke oplyst"))]
        )
        self.sort.choices = list(SORTS.items())
        self.order.choices = [("asc", _l("Stigende")), ("desc", _l("Faldende"))]
        self.validate()
        for field in self:
            if field.errors:  # drop what does not fit, quietly
                field.data = field.default if field.type != "SelectField" else ""
                field.errors = []
        if not self.sort.data:
            self.sort.data = "date"
        if not self.order.data:
            self.order.data = "asc"
        if self.postal.data and not self.postal.data.isdigit():
            self.postal.data = ""

    def args(self, **changes) -> dict:
        """The current choices as query arguments (for sort links and pages), empty ones left
        out."""
        current = {f.name: f.data for f in self if f.data not in (None, "") and f.name != "page"}
        current.update(changes)
        return {k: v for k, v in current.items() if v not in (None, "")}

    @property
    def page_number(self) -> int:
        return self.page.data or 1

    @property
    def is_filtered(self) -> bool:
        names = ("status", "profile", "age", "gender", "postal", "q")
        return any(getattr(self, name).data for name in names)
