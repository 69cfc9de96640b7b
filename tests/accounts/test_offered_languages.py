"""The languages offered are one list: the settings' LANGUAGES (what Django activates) and the
choices of every stored `language` (what a user, a student, a host or an e-mail is written in)."""

from django.conf import settings

from ish.accounts.models import LANGUAGE_CODE_LENGTH, Language, User
from ish.exchange.models import Application
from ish.housing.models import Accommodation
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail

PARTNER_CITIES_LANGUAGES = {"en", "de", "fr", "he", "ja", "ru", "uk", "zh-hans"}


def test_the_settings_offer_the_partner_cities_languages_as_the_choices_do():
    assert {code for code, _name in settings.LANGUAGES} == PARTNER_CITIES_LANGUAGES
    assert [code for code, _name in settings.LANGUAGES] == Language.values


def test_every_stored_language_accepts_every_offered_language():
    for model in (User, Nomination, Application, Accommodation, OutboundEmail):
        field = model._meta.get_field("language")
        assert [code for code, _label in field.choices] == Language.values, model.__name__
        assert field.max_length == LANGUAGE_CODE_LENGTH >= max(map(len, Language.values))
