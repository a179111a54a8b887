"""The one rule for web addresses a reader can click: http or https only (admin form, model fields, every importer)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# Django's URLValidator with the schemes narrowed: javascript:, data:, vbscript: and ftp: links are refused.
# It compares the scheme case-insensitively and refuses whitespace, so " JaVaScRiPt:" fails the same way.
WEB_URL_SCHEMES = ["http", "https"]
validate_web_url = URLValidator(
    schemes=WEB_URL_SCHEMES, message="Enter a web address starting with http:// or https://."
)


def web_url_problem(value: str) -> str:
    """Why a value is not a web address readers may follow ("" when it is; an empty value is allowed)."""
    if not value:
        return ""
    try:
        validate_web_url(value)
    except ValidationError:
        shown = value if len(value) <= 60 else value[:57] + "…"
        return f"{shown!r} is not a web address starting with http:// or https://"
    return ""
