"""One way to write dates per language: every offered language has the product's named formats,
none writes a 12-hour clock or ends a date with a period, a deadline reads in Heidelberg time and
in a city's own, and a city's time zone is a real one."""

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import date_format, get_format

from ish.dates import deadline_label, validate_time_zone
from ish.formats import OWN_FORMATS

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DATE_FORMATS = [
    "DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT", "MONTH_DAY_FORMAT", "YEAR_MONTH_FORMAT", *OWN_FORMATS,
]  # fmt: skip
# Written as a heading or under a chart's column, never inside a sentence: "2.12." is German.
LABELS_ONLY = {"YEAR_MONTH_FORMAT", "AXIS_DAY_FORMAT"}
# 31 March 2027, 23:59 in Heidelberg (summer time): 1 April, 06:59 in Kumamoto.
DEADLINE = dt.datetime(2027, 3, 31, 23, 59, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
WEDNESDAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_defines_the_products_own_formats(language):
    for name in OWN_FORMATS:
        # Django returns an unknown name itself, which would then be written letter by letter.
        assert get_format(name, lang=language) != name, f"{language} lacks {name}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_language_writes_a_12_hour_clock_or_ends_a_date_with_a_period(language):
    for name in DATE_FORMATS:
        written = get_format(name, lang=language)
        # Django's 12-hour characters: "P" (2:03 a.m.), "A"/"a" (AM/a.m.), "g"/"h" (hours 1–12).
        assert not set(written.replace("\\", "")) & set("PAagh"), (language, name, written)
        if name in LABELS_ONLY:
            continue
        with translation.override(language):
            shown = date_format(dt.datetime(2026, 12, 2, 14, 3), name)
        assert not shown.endswith("."), (language, name, shown)


@pytest.mark.parametrize(
    ("language", "weekday_day", "weekday_date"),
    [
        ("en", "Wed 2 Dec", "Wednesday, 2 December 2026"),
        ("de", "Mi, 2. Dez", "Mittwoch, 2. Dezember 2026"),
        ("fr", "mer 2 décembre", "mercredi 2 décembre 2026"),
        ("he", "רביעי, 2 בדצמבר", "רביעי, 2 בדצמבר 2026"),
        ("ja", "12月2日(水)", "2026年12月2日(水)"),
        ("ru", "Ср, 2 декабря", "Среда, 2 декабря 2026"),
        ("uk", "Ср, 02 грудня", "Середа, 02 грудня 2026"),
        ("zh-hans", "12月2日 星期三", "2026年12月2日 星期三"),
    ],
)
def test_a_day_with_its_weekday_is_written_as_each_language_writes_it(
    language, weekday_day, weekday_date
):
    with translation.override(language):
        assert date_format(WEDNESDAY, "WEEKDAY_DAY_FORMAT") == weekday_day
        assert date_format(WEDNESDAY, "WEEKDAY_DATE_FORMAT") == weekday_date


def test_a_deadline_reads_in_heidelberg_time_and_in_the_citys_own():
    with translation.override("en"):
        label = deadline_label(DEADLINE, "Asia/Tokyo", "Kumamoto")

    assert label == "31 March 2027, 23:59 (Heidelberg) · 1 April 2027, 06:59 (Kumamoto)"


def test_a_deadline_without_a_city_or_in_a_city_on_heidelbergs_clock_reads_in_heidelberg_time():
    with translation.override("en"):
        assert deadline_label(DEADLINE) == "31 March 2027, 23:59 (Heidelberg)"
        assert deadline_label(DEADLINE, "Europe/Berlin", "Bautzen") == (
            "31 March 2027, 23:59 (Heidelberg)"
        )


def test_a_deadline_is_written_in_heidelberg_time_whatever_zone_it_was_stored_in():
    in_utc = DEADLINE.astimezone(dt.UTC)

    with translation.override("de"):
        assert deadline_label(in_utc, "Europe/Paris", "Montpellier") == (
            "31. März 2027, 23:59 (Heidelberg)"  # Paris keeps Heidelberg's clock
        )


@pytest.mark.parametrize("name", ["Asia/Tokyo", "Europe/Simferopol", "Asia/Jerusalem", "UTC"])
def test_an_iana_time_zone_is_a_valid_time_zone(name):
    validate_time_zone(name)


NOT_ZONES = ["Europe/Heidelberg", "Kumamoto", "", "../../etc/passwd", "+09:00"]


@pytest.mark.parametrize("name", NOT_ZONES)
def test_anything_else_is_not_a_time_zone(name):
    with pytest.raises(ValidationError) as refused:
        validate_time_zone(name)

    assert refused.value.code == "invalid_time_zone"
