"""Checking a logo before it is stored: a real PNG, or an SVG that cannot run or fetch anything.

An SVG is parsed (UTF-8 only, no DOCTYPE or entities) and walked element by element against an
allow-list, with names resolved by the parser: a regex over the bytes misses prefixed elements,
other encodings and character references.
"""

import re
import xml.etree.ElementTree as ET  # DOCTYPE and entities are refused before parsing

import filetype
from flask_babel import gettext as _

from committees.models.municipality import LOGO_MAX_BYTES

SVG_NS = "{http://www.w3.org/2000/svg}"
ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "title", "desc", "defs", "lineargradient", "radialgradient", "stop", "clippath",
    "mask", "use", "symbol", "metadata",
}  # fmt: skip
URL_IN_STYLE = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|expression\s*\(", re.I)


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
    if filename.lower().endswith(".svg") or b"<svg" in data[:2048]:
        return _check_svg(data)
    raise LogoRefused(_("Logoet skal være en SVG- eller PNG-fil."))


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _refuse_script() -> LogoRefused:
    return LogoRefused(
        _("SVG-filen indeholder script, links eller andet, der ikke må være i et logo.")
    )


def _check_element(element: ET.Element) -> None:
    if not isinstance(element.tag, str) or _local(element.tag) not in ELEMENTS:
        raise _refuse_script()
    for name, value in element.attrib.items():
        attr = _local(name)
        if attr.startswith("on") or (attr == "style" and "\\" in value):  # no CSS escapes
            raise _refuse_script()
        if attr == "href" and not value.strip().startswith("#"):
            raise _refuse_script()
        if URL_IN_STYLE.search(value) or "javascript:" in value.replace(" ", "").lower():
            raise _refuse_script()


def _check_svg(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LogoRefused(_("SVG-filen kan ikke læses.")) from exc
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise _refuse_script()
    try:
        root = ET.fromstring(text)  # noqa: S314
    except ET.ParseError as exc:
        raise LogoRefused(_("SVG-filen kan ikke læses.")) from exc
    if root.tag not in (f"{SVG_NS}svg", "svg"):
        raise LogoRefused(_("Logoet skal være en SVG- eller PNG-fil."))
    for element in root.iter():
        _check_element(element)
    return "image/svg+xml"
