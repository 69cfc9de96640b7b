"""The one document mechanism: a Django template (extending letters/base.html) rendered to HTML
and by WeasyPrint to PDF, with the base stylesheet and fonts covering every script our
participants' names are written in. WeasyPrint is imported only when a document is rendered, so
the rest of the portal runs on a machine without Pango."""

import base64
import logging
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.files import File
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

STYLESHEET = Path(__file__).with_name("documents.css")

# The scripts of the partner cities' names, each with the fontconfig language that needs it and
# the Noto family (Debian's fonts-noto-core and fonts-noto-cjk) that covers it.
SCRIPTS = {
    "Latin": ("de", "Noto Sans"),
    "Cyrillic": ("ru", "Noto Sans"),
    "Hebrew": ("he", "Noto Sans Hebrew"),
    "Chinese": ("zh-cn", "Noto Sans CJK SC"),
    "Japanese": ("ja", "Noto Sans CJK JP"),
}


class DocumentsUnavailable(Exception):
    """PDFs cannot be rendered here: WeasyPrint or a system library it needs is missing."""

    def __init__(self, missing: str):
        self.missing = missing
        super().__init__(
            _("Letters cannot be produced on this server: %(missing)s is missing.")
            % {"missing": missing}
        )


def font_stack(language: str) -> list[str]:
    """The font families in the order Pango tries them: the document language's own first (a
    Han character is drawn the Japanese way in a Japanese letter, the Chinese way otherwise),
    then every other script's, so a name in any script renders in any letter."""
    cjk = ["Noto Sans CJK JP", "Noto Sans CJK SC"]
    if not language.startswith("ja"):
        cjk.reverse()
    return ["Noto Sans", "Noto Sans Hebrew", *cjk]


def is_right_to_left(language: str) -> bool:
    return translation.get_language_info(language)["bidi"]


def image_data_uri(file: File | None) -> str:
    """A stored image (a signature) inlined in the document: WeasyPrint fetches nothing else."""
    if not file:
        return ""
    with file.open("rb") as stored:
        content = stored.read()
    kind = "image/png" if content.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(content).decode()}"


def render_html(template_name: str, context: dict, *, language: str) -> str:
    """The document as HTML, in `language` (its labels, dates and direction)."""
    with translation.override(language):
        return render_to_string(
            template_name,
            {
                **context,
                "document_language": language,
                "document_direction": "rtl" if is_right_to_left(language) else "ltr",
            },
        )


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """The document as PDF bytes. Raises DocumentsUnavailable without WeasyPrint's libraries."""
    weasyprint = _weasyprint()
    html = render_html(template_name, context, language=language)
    # Only inlined data: the texts are the office's, but a document never reaches out.
    fetcher = weasyprint.URLFetcher(allowed_protocols=["data"])
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    families = ", ".join(f'"{family}"' for family in font_stack(language))
    fonts = weasyprint.CSS(string=f"html {{ font-family: {families}; }}")
    return document.write_pdf(stylesheets=[_stylesheet(), fonts])


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A rendered document as the answer to a page or the API: a download, never cached; inline
    only as ish.uploads serves documents inline (sandboxed, framed only by our own pages)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = "sandbox"
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _weasyprint():
    try:
        import weasyprint
    except OSError as error:  # cffi: "cannot load library 'libpango-1.0-0': …"
        raise DocumentsUnavailable(_missing_library(str(error))) from error
    except ImportError as error:
        raise DocumentsUnavailable("WeasyPrint") from error
    # Its progress ("Step 4 - Creating formatting structure") says nothing an operator needs;
    # a missing glyph is a warning of the "weasyprint" logger and stays.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    return weasyprint


def _missing_library(message: str) -> str:
    quoted = message.split("'")
    return quoted[1] if len(quoted) > 2 else "Pango"


@cache
def _stylesheet():
    return _weasyprint().CSS(filename=str(STYLESHEET))


@dataclass(frozen=True)
class Readiness:
    """What this machine lacks to print every document well."""

    library: str  # "" when WeasyPrint and Pango load
    scripts: list[str]  # the scripts that would fall back to another font

    def summary(self) -> str:
        """One line for `make run`, or "" when nothing is missing."""
        if self.library:
            return f"Letters and certificates are off: {self.library} is missing (see README)."
        if self.scripts:
            return (
                f"Letters would print {', '.join(self.scripts)} in a fallback font: "
                "install fonts-noto-core and fonts-noto-cjk."
            )
        return ""


def missing_scripts() -> list[str]:
    """The scripts whose Noto font fontconfig does not find (all of them without fc-list)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return list(SCRIPTS)
    missing = []
    for script, (language, family) in SCRIPTS.items():
        found = subprocess.run(
            [fc_list, f"{family}:lang={language}", "family"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout
        if family not in found:
            missing.append(script)
    return missing


def readiness() -> Readiness:
    try:
        _weasyprint()
    except DocumentsUnavailable as unavailable:
        return Readiness(unavailable.missing, missing_scripts())
    return Readiness("", missing_scripts())
