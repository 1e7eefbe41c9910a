"""Import a political body's meeting dates into the council calendar from an iCalendar file."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, ngettext
from flask_login import current_user, login_required

from committees.extensions import db
from committees.loaders import refusal, require
from committees.models import PoliticalBody
from committees.recommendations import bp
from committees.recommendations.handover_forms import CalendarImportForm
from workflows import permissions
from workflows.errors import WorkflowError
from workflows.recommendations import calendar_import
from workflows.recommendations.calendar_import import FileRefused, ImportResult


def _summary(result: ImportResult, body: PoliticalBody) -> str:
    """The flash after an import: what was added, then each kind of event that was skipped."""
    parts = [
        ngettext(
            "%(num)d møde tilføjet til %(body)s (%(already)d fandtes allerede, "
            "%(past)d lå i fortiden).",
            "%(num)d møder tilføjet til %(body)s (%(already)d fandtes allerede, "
            "%(past)d lå i fortiden).",
            len(result.added),
            body=body.name,
            already=result.already,
            past=result.past,
        )
    ]
    if result.cancelled:
        parts.append(
            ngettext(
                "%(num)d aflyst møde blev sprunget over.",
                "%(num)d aflyste møder blev sprunget over.",
                result.cancelled,
            )
        )
    if result.unsupported:
        parts.append(
            ngettext(
                "%(num)d gentaget møde blev sprunget over, fordi dets gentagelsesmønster ikke "
                "understøttes. Tilføj datoerne enkeltvis.",
                "%(num)d gentagne møder blev sprunget over, fordi deres gentagelsesmønster ikke "
                "understøttes. Tilføj datoerne enkeltvis.",
                result.unsupported,
            )
        )
    if result.undated:
        parts.append(
            ngettext(
                "%(num)d møde uden en læsbar dato blev sprunget over.",
                "%(num)d møder uden en læsbar dato blev sprunget over.",
                result.undated,
            )
        )
    return " ".join(parts)


@bp.route("/politisk-kalender/import", methods=["GET", "POST"])
@login_required
def council_calendar_import():
    """Choose a body and an .ics file; the new dates go into the calendar."""
    require(permissions.can_manage_council_calendar(current_user))
    form = CalendarImportForm(bodies=calendar_import.active_bodies())
    if form.validate_on_submit():
        body = db.session.get(PoliticalBody, form.body.data)
        data = form.file.data.read(calendar_import.MAX_BYTES + 1)
        try:
            result = calendar_import.import_ics(body, data, current_user, form.keep_summary.data)
        except FileRefused as error:
            form.file.errors.append(error.message)
        except WorkflowError as error:
            if error.http_status != 400:
                return refusal(error, url_for("recommendations.council_calendar"))
            form.form_errors.extend([error.message, *error.reasons])
        else:
            flash(_summary(result, body), "success")
            return redirect(url_for("recommendations.council_calendar"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "recommendations/calendar_import.html",
        form=form,
        max_mb=format_decimal(calendar_import.MAX_BYTES / (1024 * 1024)),
        max_events=format_decimal(calendar_import.MAX_EVENTS),
    ), status
