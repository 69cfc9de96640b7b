"""Every word a template shows is marked for translation: the text of every page and e-mail
under templates/, and the attributes people read or hear (title, alt, placeholder, aria-label,
aria-description, an input button's value)."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.unmarked import unmarked_text

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# What is no language, compared by its words: names and abbreviations that read the same in
# every language. Anything else belongs in {% translate %} or {% blocktranslate %}.
NOT_LANGUAGE = {
    "ISH Manager",  # the product's name (the brand in the top bar, error pages' titles)
    "HTML",  # the e-mail's HTML part, beside its plain text (a format's name)
}


def templates() -> list[Path]:
    return sorted(
        path for path in TEMPLATES.rglob("*") if path.suffix in (".html", ".txt") and path.is_file()
    )


def test_every_template_and_e_mail_shows_only_text_marked_for_translation():
    found = [
        str(unmarked)
        for path in templates()
        for unmarked in unmarked_text(path, TEMPLATES, NOT_LANGUAGE)
    ]

    advice = "Mark these for translation (or, if they are no language, allow them):"
    assert found == [], "\n".join([advice, *found])


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("<p>Save the file</p>", ["Save the file"]),
        ("<p>{% translate 'Save' %} {{ count }} files</p>", ["files"]),
        ("{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}", []),
        ("{% blocktranslate count n=n %}one{% plural %}many{% endblocktranslate %}", []),
        ("{% comment %}A note for developers{% endcomment %}{# another #}<!-- and HTML's -->", []),
        ('<img src="x.png" alt="A chart">', ["A chart"]),
        ('<a title="{% translate \'Open\' %}" aria-label="Open the list" href="/">→</a>', [
            "Open the list"
        ]),
        ('<input type="text" placeholder="Search" value="kept as typed">', ["Search"]),
        ('<input type="submit" value="Send">', ["Send"]),
        ('<button name="action" value="accept">{% translate "Accept" %}</button>', []),
        ("<script>const words = 'not shown';</script><style>p::after{content:'x'}</style>", []),
        ("<p>ISH Manager · 12 % (CSV)</p>", ["ISH Manager · 12 % (CSV)"]),
        ("<p>(ISH Manager)</p>", []),
    ],
)  # fmt: skip
def test_the_check_finds_text_people_read_and_nothing_else(tmp_path, template, expected):
    path = tmp_path / "page.html"
    path.write_text(template, encoding="utf-8")

    assert [found.text for found in unmarked_text(path, tmp_path, NOT_LANGUAGE)] == expected


def test_the_check_reads_every_line_of_a_plain_text_e_mail(tmp_path):
    path = tmp_path / "mail.txt"
    path.write_text(
        "{% load i18n %}{% translate 'Hello' %}\n\nSee you soon, {{ name }}\n{{ url }}\n",
        encoding="utf-8",
    )

    assert [(found.line, found.text) for found in unmarked_text(path, tmp_path, set())] == [
        (3, "See you soon,")
    ]
