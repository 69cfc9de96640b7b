"""The one document mechanism: a template rendered to PDF with the Noto fonts of every script a
participant's name is written in, read back as the same text."""

import logging
import sys
import time

import pytest

from ish.letters import documents
from ish.letters.documents import DocumentsUnavailable, Readiness, render_html, render_pdf
from tests.letters.pdf import NAMES, page_count, pdf_fonts, pdf_text

NOTO = {
    "Latin": "Noto-Sans",
    "Cyrillic": "Noto-Sans",
    "Hebrew": "Noto-Sans-Hebrew",
    "Chinese": "Noto-Sans-CJK-SC",
    "Japanese": "Noto-Sans-CJK-JP",
}


def sample(name: str, language: str = "en") -> bytes:
    return render_pdf(
        "letters/base.html",
        {"wording": {"title": name}, "signatories": [{"name": name, "title": "", "image": ""}]},
        language=language,
    )


def without_spaces(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("script", list(NAMES))
def test_a_name_in_each_script_is_printed_in_its_noto_font_and_read_back_unchanged(script, caplog):
    language = "ja" if script == "Japanese" else "en"
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = sample(NAMES[script], language)

    assert NAMES[script] in pdf_text(pdf)
    fonts = pdf_fonts(pdf)
    assert all(font.startswith("Noto-") for font in fonts), fonts
    assert any(font.startswith(NOTO[script]) for font in fonts), fonts
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]


def test_a_character_no_font_covers_is_noticed_by_the_checks_above(caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = sample("\ue000\ue001")  # private use: in no font
    assert "\ue000\ue001" not in pdf_text(pdf)
    assert [r for r in caplog.records if ".notdef" in r.getMessage()]


def test_a_hebrew_document_is_written_right_to_left_and_a_chinese_name_keeps_its_font():
    html = render_html("letters/base.html", {"wording": {"title": "x"}}, language="he")
    assert 'dir="rtl"' in html
    pdf = sample(f"{NAMES['Hebrew']} {NAMES['Chinese']}", "he")
    text = without_spaces(pdf_text(pdf))
    assert without_spaces(NAMES["Chinese"]) in text
    assert {"Noto-Sans-Hebrew", "Noto-Sans-CJK-SC"} <= {
        font.split("-Bold")[0].split("-Regular")[0] for font in pdf_fonts(pdf)
    }


def test_the_font_stack_draws_han_characters_the_japanese_way_in_a_japanese_document():
    assert documents.font_stack("ja").index("Noto Sans CJK JP") < documents.font_stack("ja").index(
        "Noto Sans CJK SC"
    )
    assert documents.font_stack("zh-hans").index("Noto Sans CJK SC") < documents.font_stack(
        "zh-hans"
    ).index("Noto Sans CJK JP")


def test_a_one_page_document_renders_in_well_under_a_second():
    sample("warm-up")
    started = time.perf_counter()
    pdf = sample(NAMES["Latin"])
    assert time.perf_counter() - started < 1
    assert page_count(pdf) == 1


def test_without_weasyprint_a_document_fails_with_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # "import weasyprint" now fails
    documents._stylesheet.cache_clear()
    with pytest.raises(DocumentsUnavailable, match="WeasyPrint is missing"):
        sample("x")
    documents._stylesheet.cache_clear()


def test_a_missing_system_library_is_named():
    message = "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object"
    assert documents._missing_library(message) == "libpango-1.0-0"


def test_the_readiness_line_names_what_is_missing_in_one_line_and_is_empty_when_nothing_is():
    assert Readiness("", []).summary() == ""
    scripts = Readiness("", ["Chinese", "Hebrew"]).summary()
    assert "Chinese, Hebrew" in scripts
    assert "\n" not in scripts
    assert "libpango-1.0-0" in Readiness("libpango-1.0-0", []).summary()


def test_every_script_is_missing_without_fontconfig(monkeypatch):
    monkeypatch.setattr(documents.shutil, "which", lambda name: None)
    assert sorted(documents.missing_scripts()) == sorted(NAMES)


def test_this_machine_has_every_script_font():
    assert documents.missing_scripts() == []
