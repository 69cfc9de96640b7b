"""Every e-mail goes out in its recipient's language, whichever offered language that is: the
language is active while each part of the message renders (Django's own catalogue answers in it,
whatever our catalogue holds yet), the stored message says which, and its HTML is marked so."""

import pytest
from django.utils import translation

from ish.nominations.models import Nomination
from ish.notifications import services
from ish.notifications.catalogue import EVENTS
from ish.notifications.models import OutboundEmail
from ish.notifications.services import Recipient, notify
from ish.participants import links
from tests.factories import CoordinatorFactory, NominationFactory
from tests.notifications.test_services import CONTEXT, sample_context

pytestmark = pytest.mark.django_db

# A message of Django's own catalogues (django/conf/locale), and its translations written out:
# complete in every offered language, so it shows which language is active, while our own
# catalogues are still being translated. (A name, not a literal: makemessages must not take it.)
DJANGOS_OWN = "yes,no,maybe"
IN_EACH_LANGUAGE = {
    "en": "yes,no,maybe",
    "de": "Ja,Nein,Vielleicht",
    "fr": "oui,non,peut-être",
    "he": "כן,לא,אולי",
    "ja": "はい,いいえ,たぶん",
    "ru": "да,нет,может быть",
    "uk": "так,ні,можливо",
    "zh-hans": "是,否,也许",
}


@pytest.fixture
def while_rendering(monkeypatch) -> list[tuple[str, str]]:
    """The active language, and Django's own catalogue's answer, each time a part of a message
    (subject and text, HTML) is rendered."""
    seen = []
    render_to_string = services.render_to_string

    def watched(*args, **kwargs):
        seen.append((translation.get_language(), translation.gettext(DJANGOS_OWN)))
        return render_to_string(*args, **kwargs)

    monkeypatch.setattr(services, "render_to_string", watched)
    return seen


def test_every_offered_language_has_its_expected_word_written_out_here(settings):
    assert list(IN_EACH_LANGUAGE) == [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", list(IN_EACH_LANGUAGE))
def test_every_event_renders_with_the_recipients_language_active(while_rendering, language):
    for event in EVENTS:
        subject, text, html = services.render(
            event, sample_context(event), Recipient("kim@example.org", language, "Kim")
        )

        assert subject, event.name
        assert text, event.name
        assert f'<html lang="{language}"' in html, event.name
    assert while_rendering
    assert set(while_rendering) == {(language, IN_EACH_LANGUAGE[language])}
    assert translation.get_language() == "en"  # the caller's language, as it was


@pytest.mark.parametrize("language", list(IN_EACH_LANGUAGE))
def test_a_students_personal_link_goes_out_in_the_students_language(
    while_rendering, season, language
):
    student = NominationFactory(season=season, status=Nomination.Status.ACCEPTED, language=language)

    links.send_link(student)

    email = OutboundEmail.objects.get(to=student.email)
    assert email.language == language
    assert f'<html lang="{language}"' in email.body_html
    assert set(while_rendering) == {(language, IN_EACH_LANGUAGE[language])}


def test_a_japanese_students_mail_uses_the_japanese_catalogues(while_rendering, season):
    aiko = NominationFactory(season=season, status=Nomination.Status.ACCEPTED, language="ja")

    links.send_link(aiko)

    assert OutboundEmail.objects.get(to=aiko.email).language == "ja"
    assert while_rendering == [("ja", "はい,いいえ,たぶん")] * 2  # the text, then its HTML


@pytest.mark.parametrize("language", list(IN_EACH_LANGUAGE))
def test_a_users_mail_goes_out_in_the_language_saved_on_their_account(
    while_rendering, quota, language
):
    coordinator = CoordinatorFactory(language=language)

    (email,) = notify(
        "nomination_accepted",
        about=quota,
        recipients=[Recipient.for_user(coordinator)],
        context=CONTEXT,
    )

    assert email.language == language
    assert set(while_rendering) == {(language, IN_EACH_LANGUAGE[language])}
