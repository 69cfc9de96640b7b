"""Templates name their date formats and never spell one out: a spelt-out format ("j M Y") is the
same in every language, which is how the portal came to write dates five ways per language."""

import re
from pathlib import Path

from django.conf import settings
from django.utils.formats import FORMAT_SETTINGS

from ish.formats import OWN_FORMATS

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Every `date`/`time` filter and `{% now %}` tag with its argument, in either kind of quotes.
FORMAT_IN_TEMPLATE = re.compile(
    r"""\|\s*(?:date|time)\s*:\s*(["'])(?P<filter>.*?)\1|\{%\s*now\s+(["'])(?P<now>.*?)\3"""
)
NAMED = {name for name in FORMAT_SETTINGS if name.endswith("_FORMAT")} | set(OWN_FORMATS)
# ISO 8601 for machines, as in <time datetime="…">: the same in every language on purpose.
MACHINE_READABLE = {"c"}


def formats_in(text: str) -> list[str]:
    return [match["filter"] or match["now"] or "" for match in FORMAT_IN_TEMPLATE.finditer(text)]


def test_the_check_finds_spelt_out_formats_and_accepts_named_ones():
    sample = """{{ a|date:"j M Y" }} {{ b|time:'H:i' }} {% now "Y" %} {{ c|date:"DATE_FORMAT" }}"""

    assert formats_in(sample) == ["j M Y", "H:i", "Y", "DATE_FORMAT"]


def test_no_template_spells_out_a_date_or_time_format():
    spelt_out = [
        f"{path.relative_to(TEMPLATES)}: {used}"
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in {".html", ".txt"}
        for used in formats_in(path.read_text(encoding="utf-8"))
        if used not in NAMED | MACHINE_READABLE
    ]

    assert spelt_out == []


def test_templates_use_named_formats():  # the check above is not vacuous
    used = [
        name
        for path in TEMPLATES.rglob("*")
        if path.suffix in {".html", ".txt"}
        for name in formats_in(path.read_text(encoding="utf-8"))
    ]

    assert {"DATE_FORMAT", "SHORT_DATE_FORMAT", "WEEKDAY_DAY_FORMAT"} <= set(used)
