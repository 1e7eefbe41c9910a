"""Demo data: how a meeting story is written and read (the texts are in meeting_texts.py).

Meetings are written as text, the way an agenda reads:

    ## kind | day | title | place [| offentligt] [| udsendt]
    # kind | title [| lukket]
    The case text in Markdown.
    Indstilling: … / Beslutning: … / Referat: … (the proposal, the decision, the notes)

`day` is an offset from today, or `start` for the committee's first day (its constituting
meeting); `udsendt` publishes an upcoming meeting's agenda. The numbers in Point and `conflict`
index the held meetings and their own items. The automatic items (minutes approval, action
points) are added by the builder, as the agenda workflow would add them.
"""

from typing import NamedTuple

from committees.demo.people import _md

FIELDS = {"Indstilling:": "proposal", "Beslutning:": "decision", "Referat:": "notes"}


class Item(NamedTuple):
    """An agenda item and what the minutes say about it."""

    kind: str  # an ItemKind name
    title: str
    case: str
    proposal: str = ""
    decision: str = ""
    notes: str = ""
    closed: bool = False


class Plan(NamedTuple):
    """A meeting: held ones get minutes, upcoming ones are planned (and maybe published)."""

    kind: str  # a MeetingKind name
    day: int | None
    title: str
    place: str
    items: tuple[Item, ...]
    public: bool = False
    publish: bool = False


def _item(chunk: str) -> Item:
    head, _nl, body = chunk.partition("\n")
    kind, title, *flags = (part.strip() for part in head.split("|"))
    parts: dict[str, list[str]] = {"case": []}
    key = "case"
    for line in body.splitlines():
        marker = next((m for m in FIELDS if line.startswith(m)), None)
        if marker:
            key, line = FIELDS[marker], line[len(marker) :]
        parts.setdefault(key, []).append(line)
    texts = {k: _md("\n".join(v)) for k, v in parts.items()}
    return Item(kind, title, closed="lukket" in flags, **texts)


def meetings(text: str) -> tuple[Plan, ...]:
    """The meetings written as text (see the module's docstring)."""
    text = "\n".join(line.strip() for line in text.strip().splitlines())
    result = []
    for chunk in ("\n" + text).split("\n## ")[1:]:
        head, _sep, agenda = chunk.partition("\n# ")  # a long heading may wrap
        kind, day, title, place, *flags = (" ".join(p.split()) for p in head.split("|"))
        parsed = tuple(_item(c) for c in agenda.split("\n# "))
        offset = None if day == "start" else int(day)
        result.append(
            Plan(kind, offset, title, place, parsed, "offentligt" in flags, "udsendt" in flags)
        )
    return tuple(result)


class Point(NamedTuple):
    """An action point agreed on item `item` of held meeting `meeting`, due `due` days later."""

    meeting: int
    item: int
    text: str
    responsible: str
    due: int
    done: bool = True


class File(NamedTuple):
    """A bilag for the first published upcoming meeting: `item` indexes its items (None: the
    meeting as a whole). `text` is the lines of a PDF or .docx, or the bars of a PNG."""

    item: int | None
    title: str
    filename: str
    text: str
    closed: bool = False


class Story(NamedTuple):
    """One committee's meetings."""

    held: tuple[Plan, ...]
    ahead: tuple[Plan, ...] = ()
    points: tuple[Point, ...] = ()
    conflict: tuple[int, int, str, str] | None = None  # meeting, item, member, reason
    approver: str = ""  # e-mail of the member whose approval of the last minutes is pending
    attending: tuple[str, ...] = ()  # who have answered "deltager" to the next meeting
    apologies: tuple[tuple[str, str], ...] = ()  # and who sent afbud, with the reason
    files: tuple[File, ...] = ()
    group: tuple[str, tuple[str, ...]] | None = None  # a working group and its members
    slides: str = ""  # the PDF shown at the (public) dialogue meeting, line by line


def _first(place: str, vice: str, plan_note: str) -> str:
    """The constituting meeting: welcome, perhaps the vice-chair, the meeting plan."""
    election = f"""
        # decision | Valg af næstformand
        Ifølge kommissoriet vælger udvalget selv sin næstformand på det første møde.
        Indstilling: Det indstilles, at udvalget vælger en næstformand.
        Beslutning: {vice} blev valgt som næstformand."""
    return f"""
        ## committee_meeting | start | Konstituerende møde | {place}
        # information | Velkomst og gennemgang af kommissoriet
        Formanden byder velkommen. Sekretariatet gennemgår kommissoriet: baggrunden,
        opgavespørgsmålene, rammen og tidsplanen frem mod afleveringen.
        Beslutning: Taget til efterretning.
        Referat: Medlemmerne præsenterede sig og fortalte, hvad de især vil bidrage med.
        {election if vice else ""}
        # decision | Møde- og aktivitetsplan
        Sekretariatet har lavet et udkast til møde- og aktivitetsplan ud fra kommissoriets
        arbejdsform: møder, workshops og dialogmøder frem mod afleveringen.
        Indstilling: Det indstilles, at udvalget vedtager møde- og aktivitetsplanen.
        Beslutning: Godkendt.
        Referat: {plan_note}"""
