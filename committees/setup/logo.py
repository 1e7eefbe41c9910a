"""Checking a logo before it is stored: a real PNG, or an SVG that cannot run or fetch anything."""

import re
import xml.etree.ElementTree as ET  # DOCTYPE and entities are refused before parsing

import filetype
from flask_babel import gettext as _

from committees.models.municipality import LOGO_MAX_BYTES

SVG_REFUSED = re.compile(
    rb"<!DOCTYPE|<!ENTITY|<script|<foreignObject|\son[a-z]+\s*=|javascript:|"
    rb"(?:xlink:)?href\s*=\s*[\"'](?!#)|@import|url\(\s*[\"']?(?!#)",
    re.IGNORECASE,
)


class LogoRefused(ValueError):
    """The message says why, in the user's language."""


def check(data: bytes, filename: str) -> str:
    """The content type of an acceptable logo, or LogoRefused."""
    if not data:
        raise LogoRefused(_("Filen er tom."))
    if len(data) > LOGO_MAX_BYTES:
        raise LogoRefused(_("Logoet må højst fylde 512 kB."))
    kind = filetype.guess(data)
    if kind is not None and kind.mime == "image/png":
        return "image/png"
    if filename.lower().endswith(".svg") or data.lstrip()[:5] in (b"<?xml", b"<svg ", b"<svg>"):
        return _check_svg(data)
    raise LogoRefused(_("Logoet skal være en SVG- eller PNG-fil."))


def _check_svg(data: bytes) -> str:
    if SVG_REFUSED.search(data):
        raise LogoRefused(
            _("SVG-filen indeholder script, links eller andet, der ikke må være i et logo.")
        )
    try:
        root = ET.fromstring(data)  # noqa: S314
    except ET.ParseError as exc:
        raise LogoRefused(_("SVG-filen kan ikke læses.")) from exc
    if not root.tag.endswith("svg"):
        raise LogoRefused(_("Logoet skal være en SVG- eller PNG-fil."))
    return "image/svg+xml"
