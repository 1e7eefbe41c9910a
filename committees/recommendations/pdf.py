"""The recommendations report as a PDF (fpdf2: pure Python, Unicode TrueType fonts).

DejaVu Sans (regular and bold) is read from app.config["PDF_FONT_DIR"] (Debian/Ubuntu:
fonts-dejavu-core, /usr/share/fonts/truetype/dejavu). Without it the core Helvetica font is
used and the text is reduced to Latin-1 (æøå survive; other characters become "?"), so a
missing font never breaks the PDF. User text is Markdown: it is turned into plain paragraphs
and bullets; nothing in it is interpreted as markup by fpdf.
"""

import logging
from pathlib import Path

from flask import current_app
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from markdown_it import MarkdownIt

from committees import site
from workflows.recommendations.report import Report

FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
UNICODE_FAMILY = "DejaVu"
CORE_FAMILY = "helvetica"
# Typographic characters outside Latin-1 with a readable Latin-1 stand-in.
_LATIN1_STANDINS = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "…": "...",
        "•": "-",
        "€": "EUR",
        "\u00a0": " ",
    }
)
_md = MarkdownIt("commonmark", {"html": False}).enable("table")

logging.getLogger("fontTools").setLevel(logging.ERROR)  # subsetting chatter
logging.getLogger("fpdf").setLevel(logging.ERROR)  # "missing glyph" for emoji: drawn as nothing


def markdown_blocks(text: str | None) -> list[tuple[str, str]]:
    """Markdown as (kind, plain text) blocks: kind is 'p', 'h' (a heading) or 'li'."""
    if not text:
        return []
    blocks: list[tuple[str, str]] = []
    lists: list[list] = []  # per open list: [ordered?, counter]
    state = {"heading": False, "item": False, "cell": False}
    row: list[str] = []
    for tok in _md.parse(text):
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            lists.append([t == "ordered_list_open", int(tok.attrGet("start") or 1) - 1])
        elif t in ("bullet_list_close", "ordered_list_close") and lists:
            lists.pop()
        elif t == "list_item_open" and lists:
            lists[-1][1] += 1
            ordered, n = lists[-1]
            marker = f"{n}. " if ordered else "• "
            blocks.append(("li", "   " * (len(lists) - 1) + marker))
            state["item"] = True
        elif t in ("heading_open", "th_open", "td_open"):
            state["heading" if t == "heading_open" else "cell"] = True
        elif t in ("th_close", "td_close"):
            state["cell"] = False
        elif t == "tr_open":
            row = []
        elif t == "tr_close":
            blocks.append(("p", " | ".join(row)))
        elif t == "inline":
            _add_inline(blocks, row, state, _inline_text(tok))
        elif t in ("fence", "code_block"):
            blocks.append(("p", tok.content.rstrip("\n")))
    return [(k, v) for k, v in blocks if v.strip(" •.0123456789")]


def _add_inline(blocks: list, row: list, state: dict, plain: str) -> None:
    if state["cell"]:
        row.append(plain)
    elif state["item"] and blocks:
        kind, prefix = blocks[-1]
        blocks[-1] = (kind, prefix + plain)
        state["item"] = False
    else:
        blocks.append(("h" if state["heading"] else "p", plain))
        state["heading"] = False


def _inline_text(tok) -> str:
    parts = []
    for child in tok.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content or "")
    return "".join(parts)


class ReportPDF(FPDF):
    """A4 with the committee's name in the header and page numbers in the footer."""

    def __init__(self, font_dir: str | None) -> None:
        super().__init__(format="A4")
        self.running_title = ""
        self.unicode = self._load_fonts(font_dir)
        self.family = UNICODE_FAMILY if self.unicode else CORE_FAMILY
        self.set_auto_page_break(auto=True, margin=20)
        self.set_margins(20, 20, 20)
        self.alias_nb_pages()

    def _load_fonts(self, font_dir: str | None) -> bool:
        if not font_dir:
            return False
        paths = {style: Path(font_dir) / name for style, name in FONT_FILES.items()}
        if not all(p.is_file() for p in paths.values()):
            return False
        try:
            for style, path in paths.items():
                self.add_font(UNICODE_FAMILY, style, str(path))
        except Exception:  # a broken font file: fall back rather than fail the report
            current_app.logger.warning("PDF fonts in %s could not be loaded", font_dir)
            return False
        return True

    def clean(self, text: object) -> str:
        """Text the current font can draw: all of it (DejaVu) or Latin-1 with stand-ins."""
        s = "" if text is None else str(text)
        s = "".join(ch for ch in s if ch >= " " or ch == "\n")
        if self.unicode:
            return s
        return s.translate(_LATIN1_STANDINS).encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)

    def footer(self) -> None:
        self.set_y(-15)
        self.font(8)
        label = self.clean(_("Side %(page)s af %(pages)s", page=self.page_no(), pages="{nb}"))
        self.cell(0, 8, label, align="C")
        if self.running_title and self.page_no() > 1:
            self.set_y(-15)
            self.cell(0, 8, self.clean(self.running_title), align="L")

    def heading(self, text: str, size: float = 15) -> None:
        """A heading kept with at least a few lines of what follows."""
        if self.will_page_break(size + 20):
            self.add_page()
        self.ln(3)
        self.font(size, bold=True)
        self.multi_cell(0, size * 0.5, self.clean(text), align="L", **_NEXT_LINE)
        self.ln(1.5)

    def paragraph(
        self, text: str, size: float = 10.5, bold: bool = False, indent: float = 0
    ) -> None:
        self.font(size, bold=bold)
        if indent:
            self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5, self.clean(text), align="L", **_NEXT_LINE)
        self.ln(1.5)

    def markdown(self, text: str | None) -> None:
        """User Markdown as plain paragraphs, headings and bullets."""
        for kind, plain in markdown_blocks(text):
            if kind == "h":
                self.paragraph(plain, bold=True)
            elif kind == "li":
                self.paragraph(plain, indent=4)
            else:
                self.paragraph(plain)


_NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def _title_page(pdf: ReportPDF, report: Report) -> None:
    c = report.committee
    pdf.add_page()
    pdf.set_y(70)
    pdf.font(24, bold=True)
    pdf.multi_cell(0, 12, pdf.clean(c.name), align="L", **_NEXT_LINE)
    pdf.ln(6)
    pdf.font(16)
    pdf.multi_cell(0, 8, pdf.clean(_("Anbefalinger til kommunalbestyrelsen")), **_NEXT_LINE)
    pdf.ln(4)
    pdf.font(11)
    lines = [format_date(report.made_on, "long")]
    if c.parent_bodies:
        lines.append(
            _("Forankret i: %(bodies)s", bodies=", ".join(b.name for b in c.parent_bodies))
        )
    if report.handover is not None:
        lines.append(
            _("Afleveret: %(date)s", date=format_date(report.handover.handed_over_on, "long"))
        )
    if not report.is_final:
        lines.append(_("Foreløbig udgave: anbefalingerne er ikke alle vedtaget af udvalget."))
    lines.append(site.municipality().name)
    for line in lines:
        pdf.multi_cell(0, 6, pdf.clean(line), **_NEXT_LINE)


def _mandate(pdf: ReportPDF, report: Report) -> None:
    m = report.mandate
    pdf.heading(_("Kommissorium"))
    if m is None:
        pdf.paragraph(_("Kommissoriet er ikke godkendt."))
        return
    pdf.paragraph(m.title, bold=True)
    for label, value in ((_("Baggrund"), m.background), (_("Formål"), m.purpose)):
        if value:
            pdf.heading(label, size=12)
            pdf.markdown(value)
    if report.questions:
        pdf.heading(_("Opgave: spørgsmål udvalget skulle besvare"), size=12)
        for n, q in enumerate(report.questions, start=1):
            pdf.paragraph(f"{n}. {q.text}", indent=4)


def _members(pdf: ReportPDF, report: Report) -> None:
    pdf.heading(_("Medlemmer"))
    if not report.members:
        pdf.paragraph(_("Udvalgets medlemmer er ikke udpeget."))
    for m in report.members:
        name = m.name or _("Borgermedlem (navn ikke offentliggjort)")
        extra = f", {m.title}" if m.title else ""
        pdf.paragraph(f"• {name}{extra} – {m.role_label}, {m.type_label.lower()}", indent=4)


def _process(pdf: ReportPDF, report: Report) -> None:
    pdf.heading(_("Forløb"))
    counts = ", ".join(f"{label}: {n}" for label, n in report.meeting_counts)
    pdf.paragraph(
        ngettext(
            "Udvalget har holdt %(num)d møde.",
            "Udvalget har holdt %(num)d møder.",
            len(report.meetings),
        )
        + (f" ({counts})" if counts else "")
    )
    for meeting in report.meetings:
        day = format_date(meeting.local_date, "medium")
        pdf.paragraph(f"• {day}: {meeting.title} ({meeting.kind_label})", indent=4)


def _recommendations(pdf: ReportPDF, report: Report) -> None:
    pdf.add_page()
    pdf.heading(_("Anbefalinger"), size=18)
    if not report.recommendations:
        pdf.paragraph(_("Udvalget har endnu ingen anbefalinger."))
    for rec in report.recommendations:
        pdf.heading(f"{rec.label}: {rec.title}", size=13)
        if rec.status.editable:
            pdf.paragraph(_("Status: %(status)s", status=rec.status.label), size=9)
        pdf.markdown(rec.text)
        if rec.rationale:
            pdf.paragraph(_("Begrundelse"), bold=True)
            pdf.markdown(rec.rationale)
        if rec.questions:
            pdf.paragraph(_("Besvarer"), bold=True)
            for q in rec.questions:
                pdf.paragraph(f"• {q.text}", indent=4)
        if rec.endorsed_at_meeting is not None:
            when = format_date(rec.endorsed_at_meeting.local_date, "medium")
            pdf.paragraph(_("Vedtaget af udvalget på mødet %(date)s.", date=when), size=9)


def _handover(pdf: ReportPDF, report: Report) -> None:
    h = report.handover
    if h is None:
        return
    pdf.heading(_("Aflevering"))
    bodies = ", ".join(b.name for b in report.committee.parent_bodies)
    pdf.paragraph(
        _(
            "Anbefalingerne er afleveret %(date)s til %(bodies)s.",
            date=format_date(h.handed_over_on, "long"),
            bodies=bodies or "-",
        )
    )
    if h.council_meeting is not None:
        pdf.paragraph(
            _(
                "De behandles frem mod kommunalbestyrelsens møde %(date)s.",
                date=format_date(h.council_meeting.meets_on, "long"),
            )
        )
    if h.note and not report.public:
        pdf.markdown(h.note)


def render(report: Report) -> bytes:
    """The report as PDF bytes: title page, mandate, members, process, recommendations."""
    pdf = ReportPDF(current_app.config.get("PDF_FONT_DIR"))
    title = _("Anbefalinger fra %(committee)s", committee=report.committee.name)
    pdf.running_title = report.committee.name
    pdf.set_title(pdf.clean(title))
    pdf.set_author(pdf.clean(site.municipality().name))
    pdf.set_subject(pdf.clean(_("Anbefalinger til kommunalbestyrelsen")))
    pdf.set_creator("Opgaveudvalg")
    pdf.set_lang("da")
    _title_page(pdf, report)
    pdf.add_page()
    _mandate(pdf, report)
    _members(pdf, report)
    _process(pdf, report)
    _recommendations(pdf, report)
    _handover(pdf, report)
    return bytes(pdf.output())
