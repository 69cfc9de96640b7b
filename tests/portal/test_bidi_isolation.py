"""Names of the other writing direction isolated, so that a Latin name in a Hebrew table, sentence
or message reads in its own order: <bdi> in pages, Unicode isolates in plain text; figures of a
limit read left to right. Nothing here depends on the Hebrew wording."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from ish.bidi import isolated
from ish.nominations.models import Nomination
from tests.factories import NominationFactory
from tests.portal.page_reader import LANGUAGE_COOKIE

pytestmark = pytest.mark.django_db

FSI, PDI = "\u2068", "\u2069"


def in_language(client, language: str):
    client.cookies[LANGUAGE_COOKIE] = language
    return client


def test_isolated_wraps_text_in_first_strong_isolates_only_in_a_right_to_left_language():
    with translation.override("he"):
        assert isolated("Anna Müller (DKFZ)") == f"{FSI}Anna Müller (DKFZ){PDI}"
        assert isolated("") == ""
    with translation.override("en"):
        assert isolated("Anna Müller (DKFZ)") == "Anna Müller (DKFZ)"


def test_the_bdi_filter_isolates_a_value_and_escapes_it():
    rendered = Template("{% load components %}{{ name|bdi }}").render(
        Context({"name": "<b>Anna</b>"})
    )

    assert rendered == "<bdi>&lt;b&gt;Anna&lt;/b&gt;</bdi>"


def test_a_latin_name_in_a_hebrew_list_is_isolated(season, client_as):
    student = NominationFactory(season=season, given_name="Anna", family_name="Müller (Jr.)")

    html = in_language(client_as("organiser"), "he").get(reverse("nominations:list")).content
    table = re.search(r'<table[^>]*data-testid="nomination-table".*?</table>', html.decode(), re.S)

    assert f"<bdi>{student.full_name}</bdi>" in table.group(0)


def test_a_message_naming_a_student_isolates_the_name_in_hebrew(season, client_as):
    draft = NominationFactory(season=season, given_name="Anna", family_name="Müller")
    client = in_language(client_as("organiser"), "he")

    response = client.post(reverse("nominations:delete", args=[draft.pk]), follow=True)

    assert not Nomination.objects.filter(pk=draft.pk).exists()
    assert f"{FSI}{draft}{PDI}" in response.content.decode()


def test_a_figure_measured_against_a_limit_reads_left_to_right_in_every_language():
    rendered = Template('{% load components %}{% stat_card "Accepted" 3 of=5 %}').render(Context())

    assert re.search(r'<span dir="ltr">3 <span[^>]*>/ 5</span></span>', rendered)
