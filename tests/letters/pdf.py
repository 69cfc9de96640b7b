"""Reading a rendered PDF back: its text, and the fonts its text is drawn in."""

import io

from pypdf import PdfReader

# Each script's name as our participants write it.
NAMES = {
    "Latin": "Zoë Šimůnková-Øster",
    "Chinese": "王小明",
    "Japanese": "山田 花子",
    "Hebrew": "דוד כהן",
    "Cyrillic": "Алексей Иванович",
}


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_fonts(pdf: bytes) -> set[str]:
    """The fonts used, without their subset prefix: "ABCDEF+Noto-Sans" → "Noto-Sans"."""
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return fonts


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)
