"""The same dates in each offered language's own format: on a coordinator's dashboard, in the
deadline reminder to a coordinator in Kumamoto, and in an Excel export (real date cells whose
number format writes them as the language does)."""

import datetime as dt
import io

import pytest
import time_machine
from django.utils import translation
from openpyxl import load_workbook

from ish.nominations.reminders import send_deadline_reminders
from ish.notifications.models import OutboundEmail
from ish.seasons.models import Season
from ish.spreadsheets import Column, Sheet, local_time, write_workbook
from tests.factories import BERLIN, NominationFactory
from tests.portal.page_reader import DASHBOARD, LANGUAGE_COOKIE, page

pytestmark = pytest.mark.django_db

# The factories' season: 17 July to 13 August 2027, nominations until 31 March 2027, 23:59 in
# Heidelberg (summer time), which is 1 April, 06:59 in Kumamoto.
NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=BERLIN)

# language: the season's dates (short), the deadline in Heidelberg and in Kumamoto (long), and
# the Excel number formats of a date and of a date and time.
WRITTEN = {
    "en": (
        "17 Jul 2027 – 13 Aug 2027",
        "31 March 2027, 23:59",
        "1 April 2027, 06:59",
        "[$-809]d mmm yyyy",
        '[$-809]d mmm yyyy"," hh:mm',
    ),
    "de": (
        "17.07.2027 – 13.08.2027",
        "31. März 2027, 23:59",
        "1. April 2027, 06:59",
        "[$-407]dd.mm.yyyy",
        '[$-407]dd.mm.yyyy"," hh:mm',
    ),
    "fr": (
        "17/07/2027 – 13/08/2027",
        "31 mars 2027 23:59",
        "1 avril 2027 06:59",
        "[$-40C]dd/mm/yyyy",
        "[$-40C]dd/mm/yyyy hh:mm",
    ),
    "he": (
        "17/07/2027 – 13/08/2027",
        "31 במרץ 2027 23:59",
        "1 באפריל 2027 06:59",
        "[$-40D]dd/mm/yyyy",
        "[$-40D]dd/mm/yyyy hh:mm",
    ),
    "ja": (
        "2027/07/17 – 2027/08/13",
        "2027年3月31日 23:59",
        "2027年4月1日 6:59",
        "[$-411]yyyy/mm/dd",
        "[$-411]yyyy/mm/dd h:mm",
    ),
    "ru": (
        "17.07.2027 – 13.08.2027",
        "31 марта 2027, 23:59",
        "1 апреля 2027, 6:59",
        "[$-419]dd.mm.yyyy",
        "[$-419]dd.mm.yyyy hh:mm",
    ),
    "uk": (
        "17.07.2027 – 13.08.2027",
        "31 березня 2027, 23:59",
        "01 квітня 2027, 06:59",
        "[$-422]dd.mm.yyyy",
        "[$-422]dd.mm.yyyy hh:mm",
    ),
    "zh-hans": (
        "2027年7月17日 – 2027年8月13日",
        "2027年3月31日 23:59",
        "2027年4月1日 06:59",
        '[$-804]yyyy"年"m"月"d"日"',
        '[$-804]yyyy"年"m"月"d"日" hh:mm',
    ),
}
# The deadline as each language writes it, the places' names in it translated too.
DEADLINE = {
    "en": "31 March 2027, 23:59 (Heidelberg) · 1 April 2027, 06:59 (Kumamoto)",
    "de": "31. März 2027, 23:59 (Heidelberg) · 1. April 2027, 06:59 (Kumamoto)",
    "fr": "31 mars 2027 23:59 (Heidelberg) · 1 avril 2027 06:59 (Kumamoto)",
    "he": "31 במרץ 2027 23:59 (היידלברג) · 1 באפריל 2027 06:59 (קומאמוטו)",
    "ja": "2027年3月31日 23:59（ハイデルベルク） · 2027年4月1日 6:59（熊本）",
    "ru": "31 марта 2027, 23:59 (Гейдельберг) · 1 апреля 2027, 6:59 (Кумамото)",
    "uk": "31 березня 2027, 23:59 (Гейдельберг) · 01 квітня 2027, 06:59 (Кумамото)",
    "zh-hans": "2027年3月31日 23:59（海德堡） · 2027年4月1日 06:59（熊本）",
}


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.mark.parametrize("language", WRITTEN)
def test_a_coordinator_in_kumamoto_sees_the_dates_on_the_dashboard_in_their_language(
    frozen_now, client_as, quota, language
):
    season_dates, heidelberg, kumamoto, *_excel = WRITTEN[language]
    client = client_as("coordinator")
    client.cookies[LANGUAGE_COOKIE] = language

    shown = page(client.get(DASHBOARD))

    assert shown.text("season") == f"ISH 2027 · {season_dates}"
    deadline = shown.text("deadline")
    assert heidelberg in deadline
    assert kumamoto in deadline
    assert deadline == DEADLINE[language]


@pytest.mark.parametrize("language", WRITTEN)
def test_the_deadline_reminder_to_a_coordinator_in_kumamoto_is_in_their_languages_format(
    quota, coordinator, language
):
    _season, heidelberg, kumamoto, *_excel = WRITTEN[language]
    coordinator.language = language
    coordinator.save()
    NominationFactory(season=quota.season)

    assert send_deadline_reminders(dt.date(2027, 3, 28)) == 1

    body = " ".join(OutboundEmail.objects.get().body_text.split())
    # A Hebrew e-mail isolates names (tests/notifications/test_right_to_left.py): read past that.
    body = body.replace("\u2068", "").replace("\u2069", "")
    assert heidelberg in body
    assert kumamoto in body
    assert DEADLINE[language] in body


@pytest.mark.parametrize("language", WRITTEN)
def test_an_export_writes_dates_as_date_cells_in_the_readers_format(season, language):
    *_shown, date_format, datetime_format = WRITTEN[language]
    columns = [
        Column("first day", 12, lambda season: season.starts_on),
        Column("deadline", 18, lambda season: local_time(season.nomination_deadline)),
    ]
    target = io.BytesIO()

    with translation.override(language):
        write_workbook([Sheet("dates", columns, Season.objects.all())], target, title="dates")

    target.seek(0)
    first_day, deadline = next(load_workbook(target).active.iter_rows(min_row=2))
    assert first_day.is_date
    assert first_day.value.date() == dt.date(2027, 7, 17)
    assert first_day.number_format == date_format
    assert deadline.is_date
    assert deadline.value == dt.datetime(2027, 3, 31, 23, 59)
    assert deadline.number_format == datetime_format
