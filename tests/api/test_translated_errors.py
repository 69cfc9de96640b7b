"""Every message the API returns is in the caller's language: a German caller (`Accept-Language:
de`) gets each kind of 409, a service's 403 and a serializer's 400 in German, an English caller
the same in English."""

import pytest
from django.db import IntegrityError
from django.utils import translation

from api.exceptions import Conflict
from ish.nominations.models import Nomination
from ish.notifications.services import Recipient, notify
from tests.factories import AccommodationFactory, NominationFactory, SeasonFactory

pytestmark = pytest.mark.django_db

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}


def test_a_rule_violation_is_a_409_in_german(api_as, season):
    draft = NominationFactory(season=season)

    response = api_as("organiser").post(f"/api/v1/nominations/{draft.pk}/accept/", **GERMAN)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Eine Nominierung mit dem Status „Entwurf“ kann nicht in den Status "
        "„angenommen“ wechseln."
    }
    assert Nomination.objects.get(pk=draft.pk).status == Nomination.Status.DRAFT


def test_a_rule_violation_of_the_outbox_is_a_409_in_german(api_as, quota):
    context = {"student": "Aiko", "city": "Kumamoto", "season": "2027", "comment": "", "url": "u"}
    (email,) = notify(
        "nomination_accepted",
        about=quota,
        recipients=[Recipient("aiko@example.jp", "de")],
        context=context,
    )

    response = api_as("organiser").post(f"/api/v1/emails/{email.pk}/resend/", **GERMAN)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Nur fehlgeschlagene E-Mails können erneut gesendet werden; diese ist wartend."
    }


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        (
            GERMAN,
            "Das kann nicht gelöscht werden, weil es noch verwendet wird von: Benutzer, "
            "Kontingente.",
        ),
        ({}, "Cannot delete this: it is still used by quotas, users."),
    ],
    ids=["de", "en"],
)
def test_deleting_what_is_still_used_is_a_409_in_the_callers_language(
    api_as, quota, coordinator, headers, detail
):
    response = api_as("organiser").delete("/api/v1/cities/kumamoto/", **headers)

    assert response.status_code == 409
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        (
            GERMAN,
            "Das widerspricht einer gleichzeitig vorgenommenen Änderung; bitte versuchen Sie es "
            "noch einmal.",
        ),
        ({}, "This conflicts with a change made at the same moment; please try again."),
    ],
    ids=["de", "en"],
)
def test_a_request_that_lost_a_race_is_a_409_in_the_callers_language(
    api_as, monkeypatch, headers, detail
):
    family = AccommodationFactory()

    def raced(*args, **kwargs):  # what the database answers the later of two racing writes
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr("ish.housing.services.update_accommodation", raced)

    response = api_as("organiser").patch(
        f"/api/v1/accommodations/{family.pk}/", {"beds": 3}, format="json", **headers
    )

    assert response.status_code == 409
    assert response.json() == {"detail": detail}


def test_a_conflict_without_a_message_says_so_in_the_active_language():
    with translation.override("de"):
        assert str(Conflict().detail) == "Die Anfrage widerspricht dem aktuellen Stand."
    with translation.override("en"):
        assert str(Conflict().detail) == "The request conflicts with the current state."


def test_a_services_refusal_is_a_403_in_german(api_as, coordinator):
    season = SeasonFactory()
    foreign = NominationFactory(season=season, city__slug="montpellier")

    response = api_as("coordinator").post(
        "/api/v1/nominations/rank/",
        {"season": season.pk, "city": "montpellier", "order": [foreign.pk]},
        format="json",
        **GERMAN,
    )

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Die Koordination darf nur die Nominierungen der eigenen Stadt in eine "
        "Rangfolge bringen."
    }


def test_a_serializers_rule_is_a_400_in_german(api_as, season):
    response = api_as("organiser").post(
        "/api/v1/nominations/rank/", {"season": season.pk, "order": [1]}, format="json", **GERMAN
    )

    assert response.status_code == 400
    assert response.json() == {"city": ["Organisatoren müssen die Stadt angeben."]}


def test_a_models_rule_is_a_400_in_german(api_as):
    response = api_as("organiser").post(
        "/api/v1/accommodations/",
        {
            "kind": "host_family",
            "name": "Familie Weber",
            "address": "Plöck 12, 69117 Heidelberg",
            "beds": 2,
            "available_from": "2027-07-01",
            "available_until": "2027-08-31",
            "languages": ["deutsch"],
        },
        format="json",
        **GERMAN,
    )

    assert response.status_code == 400
    assert response.json() == {
        "languages": ["Verwenden Sie Kürzel aus zwei Buchstaben wie de, en oder fr, nicht: deutsch"]
    }
