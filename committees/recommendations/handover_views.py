"""The council calendar, the handover with its latest date, and the recommendations report as
a page and a PDF (internal and public)."""

import re
import unicodedata

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.extensions import db
from committees.loaders import committee_or_404, refusal, require
from committees.models import Committee, CouncilMeeting, PoliticalBody
from committees.models.base import local_today
from committees.recommendations import bp
from committees.recommendations.handover_forms import CouncilMeetingForm, DeleteForm, HandoverForm
from workflows import permissions
from workflows.errors import WorkflowError
from workflows.recommendations import council_calendar as calendar_flow
from workflows.recommendations import coverage, handover, report

PREFIX = "/arbejdsrum/<int:committee_id>"
CALENDAR = "/politisk-kalender"


# --- the council calendar ------------------------------------------------------------------------


def _bodies() -> list[PoliticalBody]:
    return list(
        db.session.scalars(
            db.select(PoliticalBody)
            .where(PoliticalBody.active.is_(True))
            .order_by(PoliticalBody.position, PoliticalBody.name)
        )
    )


@bp.route(CALENDAR, methods=["GET", "POST"])
@login_required
def council_calendar():
    """The meeting dates of the standing committees, the finance committee and the council."""
    require(permissions.can_manage_council_calendar(current_user))
    form = CouncilMeetingForm(bodies=_bodies())
    if form.validate_on_submit():
        body = db.session.get(PoliticalBody, form.body.data)
        try:
            meeting = calendar_flow.add_council_meeting(
                body, form.meets_on.data, form.note.data or "", current_user
            )
        except WorkflowError as error:
            if error.http_status != 400:
                return refusal(error, url_for("recommendations.council_calendar"))
            form.form_errors.extend([error.message, *error.reasons])
        else:
            flash(_("Mødet er tilføjet til kalenderen."), "success")
            return redirect(url_for("recommendations.council_calendar") + f"#moede-{meeting.id}")
    groups = calendar_flow.upcoming_by_body()
    used = calendar_flow.used_meeting_ids([m for _body, meetings in groups for m in meetings])
    status = 400 if request.method == "POST" else 200
    return render_template(
        "recommendations/calendar.html",
        form=form,
        groups=groups,
        used=used,
        delete_form=DeleteForm(),
    ), status


@bp.post(CALENDAR + "/<int:meeting_id>/slet")
@login_required
def council_calendar_delete(meeting_id: int):
    """Remove a date (refused when a handover is aimed at it)."""
    require(permissions.can_manage_council_calendar(current_user))
    meeting = db.session.get(CouncilMeeting, meeting_id)
    if meeting is None:
        abort(404)
    if not DeleteForm().validate_on_submit():
        abort(400)
    back = url_for("recommendations.council_calendar")
    try:
        calendar_flow.delete_council_meeting(meeting, current_user)
    except WorkflowError as error:
        return refusal(error, back)
    flash(_("Mødet er slettet fra kalenderen."), "success")
    return redirect(back)


# --- the handover ---------------------------------------------------------------------------


def _chosen(form: HandoverForm, meetings: list[CouncilMeeting]) -> CouncilMeeting | None:
    """The meeting the plan is shown for: the form's, ?moede=<id>, or the next one."""
    by_id = {m.id: m for m in meetings}
    wanted = request.form.get("council_meeting") or request.args.get("moede") or ""
    if wanted.isascii() and wanted.isdigit() and int(wanted) in by_id:
        return by_id[int(wanted)]
    return meetings[0] if meetings else None


@bp.route(PREFIX + "/aflevering", methods=["GET", "POST"], endpoint="handover")
@login_required
def handover_page(committee_id: int):
    """Choose the council meeting, see the latest handover date, and hand the set over."""
    committee = committee_or_404(committee_id)
    require(permissions.can_view_recommendations(current_user, committee))
    can_manage = permissions.can_manage_recommendations(current_user, committee)
    if request.method == "POST":
        require(can_manage)
    meetings = calendar_flow.council_meetings_from()
    form = HandoverForm(meetings=meetings)
    chosen = _chosen(form, meetings)
    if request.method == "GET":
        form.handed_over_on.data = local_today()
        form.council_meeting.data = chosen.id if chosen else None
        form.expected_state.data = committee.state.value
    elif form.validate_on_submit():
        try:
            handover.hand_over(
                committee,
                chosen,
                form.handed_over_on.data,
                form.note.data or "",
                current_user,
                form.expected_state.data or None,
            )
        except WorkflowError as error:
            if error.http_status != 400:
                return refusal(error, url_for(".handover", committee_id=committee.id))
            form.form_errors.extend([error.message, *error.reasons])
        else:
            flash(_("Afleveringen er registreret, og medlemmerne har fået besked."), "success")
            return redirect(url_for(".report", committee_id=committee.id))
    return _render_handover(committee, form, chosen, can_manage)


def _render_handover(committee: Committee, form: HandoverForm, chosen, can_manage: bool):
    status = 400 if request.method == "POST" else 200
    return render_template(
        "recommendations/handover.html",
        committee=committee,
        form=form,
        chosen=chosen,
        plan=calendar_flow.handover_plan(committee, chosen) if chosen else None,
        blockers=handover.blockers(committee),
        unanswered=coverage.unanswered(committee),
        done=handover.latest_handover(committee),
        can_manage=can_manage,
        can_calendar=permissions.can_manage_council_calendar(current_user),
    ), status


# --- the report ---------------------------------------------------------------------------------


def _report_or_404(committee_id: int, public: bool) -> report.Report:
    if not public:
        committee_or_404(committee_id)  # 404 for those who may not see the committee
    c = report.load_committee(committee_id)
    if c is None:
        abort(404)
    if public:
        if not report.is_publishable(c):
            abort(404)
    else:
        require(permissions.can_view_recommendations(current_user, c))
    return report.build(c, public=public)


_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def _filename(committee: Committee) -> str:
    """An ASCII file name from the committee's name (safe in any Content-Disposition)."""
    name = unicodedata.normalize("NFKD", committee.name.lower().translate(_DANISH))
    slug = re.sub(r"[^a-z0-9]+", "-", name.encode("ascii", "ignore").decode("ascii"))
    return f"anbefalinger-{slug.strip('-')[:60] or committee.id}.pdf"


def _pdf_response(data: report.Report, private: bool):
    # fpdf2 (with Pillow and fontTools) is imported on first use: it would add a quarter of
    # a second to every process start (web, worker, beat, CLI) for a rarely used page.
    from committees.recommendations import pdf

    response = make_response(pdf.render(data))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{_filename(data.committee)}"'
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get(PREFIX + "/anbefalinger/rapport", endpoint="report")
@login_required
def report_page(committee_id: int):
    """The report for the committee's members, staff and councillors."""
    data = _report_or_404(committee_id, public=False)
    return render_template("recommendations/report.html", report=data, committee=data.committee)


@bp.get(PREFIX + "/anbefalinger/rapport.pdf")
@login_required
def report_pdf(committee_id: int):
    """The report as a PDF (not cached: it may hold drafts and unpublished names)."""
    return _pdf_response(_report_or_404(committee_id, public=False), private=True)


@bp.get("/udvalg/<int:committee_id>/rapport")
def public_report(committee_id: int):
    """The public report, once every handed-over recommendation is public."""
    data = _report_or_404(committee_id, public=True)
    return render_template("recommendations/report.html", report=data, committee=data.committee)


@bp.get("/udvalg/<int:committee_id>/rapport.pdf")
def public_report_pdf(committee_id: int):
    """The public report as a PDF."""
    return _pdf_response(_report_or_404(committee_id, public=True), private=False)
