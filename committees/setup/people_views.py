"""People in bulk: import staff and councillors from a CSV file (preview, then confirm), export."""

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.loaders import require
from committees.models.base import local_today
from committees.setup import bp
from committees.setup.people_forms import PeopleConfirmForm, PeopleUploadForm
from workflows import people_csv, permissions
from workflows.errors import StaleState, WorkflowError


def _page(
    upload: PeopleUploadForm,
    confirm: PeopleConfirmForm,
    preview: people_csv.Preview | None = None,
    content: bytes = b"",
):
    if preview is not None:
        confirm.fill(content, preview.digest)
    return render_template(
        "setup/people_import.html",
        upload=upload,
        confirm=confirm,
        preview=preview,
        Status=people_csv.Status,
        roles=[role.label for role in people_csv.IMPORTABLE],
        example=people_csv.example(),
    )


def _confirmed(upload: PeopleUploadForm, confirm: PeopleConfirmForm):
    if not confirm.validate():
        for errors in confirm.errors.values():
            upload.form_errors.extend(errors)
        return _page(upload, confirm)
    try:
        preview = people_csv.parse(confirm.content, current_user)
        done = people_csv.apply(preview.rows, current_user, expected=confirm.digest.data)
    except StaleState as e:
        flash(e.message, "error")
        preview = people_csv.parse(confirm.content, current_user)
        return _page(upload, confirm, preview, confirm.content)
    except WorkflowError as e:
        upload.form_errors.append(e.message)
        return _page(upload, confirm)
    flash(
        _(
            "Importen er gemt: %(created)d oprettet, %(updated)d opdateret, %(refused)d afvist.",
            created=done.created,
            updated=done.updated,
            refused=done.refused,
        ),
        "success",
    )
    return redirect(url_for("setup.people_import"))


@bp.route("/personer/import", methods=["GET", "POST"])
@login_required
def people_import():
    """Upload a CSV file of people, see what it would do, and confirm."""
    require(permissions.can_set_up(current_user))
    upload, confirm = PeopleUploadForm(), PeopleConfirmForm(prefix="confirm")
    if confirm.submit.data:
        return _confirmed(upload, confirm)
    if upload.validate_on_submit():
        try:
            preview = people_csv.parse(upload.content, current_user)
        except people_csv.FileProblem as e:
            upload.file.errors.append(e.message)
        else:
            return _page(upload, confirm, preview, upload.content)
    return _page(upload, confirm)


@bp.get("/personer/eksport.csv")
@login_required
def people_export():
    """Staff and councillors as a CSV file the import reads back unchanged."""
    require(permissions.can_set_up(current_user))
    filename = f"personer-{local_today().isoformat()}.csv"
    return Response(
        people_csv.export_csv().encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
