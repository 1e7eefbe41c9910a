"""Materials (bilag): upload, new version, open/closed, delete, and the download that checks
access. Files are never served from static/: only these views read them."""

import logging

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required

from committees.downloads import send_stored
from committees.extensions import csrf
from committees.loaders import committee_or_404, item_or_404, meeting_or_404, refusal, require
from committees.meetings import bp
from committees.meetings.material_forms import (
    ConfirmForm,
    MaterialClosedForm,
    MaterialForm,
    MaterialVersionForm,
)
from committees.models import Committee, Material, MaterialVersion, Meeting
from workflows import permissions, storage
from workflows.errors import NotAllowed, WorkflowError
from workflows.meetings import materials

log = logging.getLogger(__name__)
PREFIX = "/arbejdsrum/<int:committee_id>/moeder/<int:meeting_id>/bilag"
UPLOAD_ENDPOINTS = ("meetings.material_upload", "meetings.material_replace")
# Room for the other fields and the multipart boundaries around the file itself.
FORM_OVERHEAD = 256 * 1024


@bp.before_request
def _allow_large_uploads():
    """Uploads may be larger than the app-wide MAX_CONTENT_LENGTH, up to MATERIAL_MAX_BYTES.

    The limit must be raised before anything reads the body, so these views are exempt from
    the app-wide CSRF hook (it parses the form first) and are checked here, after the limit.
    """
    if request.endpoint not in UPLOAD_ENDPOINTS:
        return
    request.max_content_length = current_app.config["MATERIAL_MAX_BYTES"] + FORM_OVERHEAD
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


@bp.app_template_global()
def material_accept() -> str:
    """The `accept` hint of a file input: the allowed extensions and MIME types."""
    kinds = materials.allowed_kinds()
    return ",".join([f".{e}" for k in kinds for e in k.extensions] + [k.mimetype for k in kinds])


@bp.app_template_global()
def material_max_mb() -> str:
    """The size cap of a bilag in MB, for hints."""
    return materials.megabytes(current_app.config["MATERIAL_MAX_BYTES"])


@bp.app_template_global()
def material_type(version: MaterialVersion) -> str:
    """A short name for the file's type, as people know it from the extension (PDF, DOCX, …)."""
    kind = next((k for k in materials.KINDS.values() if k.mimetype == version.content_type), None)
    return kind.name.upper() if kind else version.content_type


@bp.app_template_filter("filesize")
def filesize(size: int) -> str:
    """A file size in kB or MB as the user's locale writes numbers."""
    if size < 1024 * 1024:
        return _("%(n)s kB", n=format_decimal(max(size / 1024, 0.1), format="#,##0.#"))
    return _("%(n)s MB", n=materials.megabytes(size))


bp.add_app_template_global(materials.is_closed, "material_is_closed")
bp.add_app_template_global(materials.can_download_version, "can_download_material_version")


def _meeting_url(committee: Committee, meeting: Meeting) -> str:
    """Back to the meeting page, at its materials."""
    return url_for("meetings.show", committee_id=committee.id, meeting_id=meeting.id) + "#bilag"


def _load(committee_id: int, meeting_id: int) -> tuple[Committee, Meeting]:
    """The committee and meeting for a manager; 404 for other committees' ids, 403 for users."""
    committee = committee_or_404(committee_id)
    meeting = meeting_or_404(committee, meeting_id)
    require(permissions.can_manage_meetings(current_user, committee))
    return committee, meeting


def _material_or_404(meeting: Meeting, material_id: int) -> Material:
    material = materials.get(material_id)
    if material is None or material.meeting_id != meeting.id:
        abort(404)
    return material


def _form_page(committee: Committee, meeting: Meeting, form, material: Material | None = None):
    return render_template(
        "meetings/material_form.html",
        committee=committee,
        meeting=meeting,
        form=form,
        material=material,
        materials_by_item=materials.for_meeting(meeting, current_user),
        back=_meeting_url(committee, meeting),
    )


@bp.get(PREFIX, endpoint="materials")
@login_required
def materials_page(committee_id: int, meeting_id: int):
    """The meeting's materials and the form for a new one."""
    committee, meeting = _load(committee_id, meeting_id)
    return _form_page(committee, meeting, MaterialForm(meeting))


@bp.post(PREFIX)
@csrf.exempt
@login_required
def material_upload(committee_id: int, meeting_id: int):
    """Upload a new bilag; a refused file re-renders the form with the reason (400)."""
    committee, meeting = _load(committee_id, meeting_id)
    form = MaterialForm(meeting)
    if not form.validate_on_submit():
        return _form_page(committee, meeting, form), 400
    item = item_or_404(meeting, form.chosen_item_id) if form.chosen_item_id else None
    try:
        material = materials.upload(
            meeting, item, form.title.data, form.file.data, form.is_closed.data, current_user
        )
    except NotAllowed as e:
        form.file.errors = [*form.file.errors, e.message]
        return _form_page(committee, meeting, form), 400
    except WorkflowError as e:
        return refusal(e, _meeting_url(committee, meeting))
    flash(_("Bilaget “%(title)s” er uploadet.", title=material.title), "success")
    return redirect(_meeting_url(committee, meeting))


@bp.post(PREFIX + "/<int:material_id>/ny-version")
@csrf.exempt
@login_required
def material_replace(committee_id: int, meeting_id: int, material_id: int):
    """Upload a new version; the earlier versions are kept."""
    committee, meeting = _load(committee_id, meeting_id)
    material = _material_or_404(meeting, material_id)
    form = MaterialVersionForm()
    if not form.validate_on_submit():
        return _form_page(committee, meeting, form, material), 400
    try:
        version = materials.replace(material, form.file.data, current_user)
    except NotAllowed as e:
        form.file.errors = [*form.file.errors, e.message]
        return _form_page(committee, meeting, form, material), 400
    except WorkflowError as e:
        return refusal(e, _meeting_url(committee, meeting))
    flash(
        _("Version %(n)d af “%(title)s” er uploadet.", n=version.number, title=material.title),
        "success",
    )
    return redirect(_meeting_url(committee, meeting))


@bp.post(PREFIX + "/<int:material_id>/lukket")
@login_required
def material_set_closed(committee_id: int, meeting_id: int, material_id: int):
    """Make a bilag closed (members only) or open."""
    committee, meeting = _load(committee_id, meeting_id)
    material = _material_or_404(meeting, material_id)
    form = MaterialClosedForm()
    back = _meeting_url(committee, meeting)
    if not form.validate_on_submit():
        abort(400)
    try:
        materials.set_closed(material, form.is_closed.data, current_user)
    except WorkflowError as e:
        return refusal(e, back)
    flash(
        _("Bilaget er nu lukket.") if material.is_closed else _("Bilaget er nu åbent."), "success"
    )
    return redirect(back)


@bp.post(PREFIX + "/<int:material_id>/slet")
@login_required
def material_delete(committee_id: int, meeting_id: int, material_id: int):
    """Remove a bilag and all its versions."""
    committee, meeting = _load(committee_id, meeting_id)
    material = _material_or_404(meeting, material_id)
    back = _meeting_url(committee, meeting)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    title = material.title
    try:
        materials.delete(material, current_user)
    except WorkflowError as e:
        return refusal(e, back)
    flash(_("Bilaget “%(title)s” er slettet.", title=title), "success")
    return redirect(back)


# --- downloads -------------------------------------------------------------------------------


def _send(material: Material, version: MaterialVersion):
    """The stored file under its original name; PDF and images may open in the browser."""
    inline = version.content_type == "application/pdf" or version.content_type.startswith("image/")
    try:
        response = send_stored(
            materials.key_of(version),
            mimetype=version.content_type,
            as_attachment=not inline,
            download_name=version.original_name,
            etag=version.sha256,
        )
    except storage.Missing:
        log.error("material %s version %s: file missing", material.id, version.number)
        abort(404)
    except storage.Unavailable as e:
        log.error("material %s version %s: storage unavailable: %s", material.id, version.number, e)
        abort(503)
    if materials.is_closed(material):
        response.headers["Cache-Control"] = "private, no-store"
    elif materials.can_download(None, material):
        response.headers["Cache-Control"] = "public, no-cache"
    else:
        response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/bilag/<int:material_id>")
def material_download(material_id: int):
    """The newest version; 404 for anyone who may not see the bilag (it does not exist)."""
    material = materials.get(material_id)
    if material is None or material.current is None:
        abort(404)
    if not materials.can_download(current_user, material):
        abort(404)
    return _send(material, material.current)


@bp.get("/bilag/<int:material_id>/version/<int:number>")
def material_version(material_id: int, number: int):
    """One given version (earlier ones for staff and the committee's members)."""
    material = materials.get(material_id)
    version = next((v for v in material.versions if v.number == number), None) if material else None
    if version is None or not materials.can_download_version(current_user, version):
        abort(404)
    return _send(material, version)
