"""GET /api/v1/nominations/{id}/certificate/: a PDF for the office and the student's own
coordinator; 404 for another city's coordinator and for lab hosts; 409 naming the rule while the
programme is (derived or set) not completed; 400 naming `language`."""

import pytest

from ish.letters.models import IssuedLetter
from ish.programme.completion import set_completion
from tests.letters.certificate_data import after_the_programme, api_client_of
from tests.letters.pdf import pdf_text

pytestmark = pytest.mark.django_db


def url(nomination) -> str:
    return f"/api/v1/nominations/{nomination.pk}/certificate/"


@pytest.mark.parametrize("who", ["organiser", "coordinator"])
def test_the_office_and_the_students_coordinator_get_the_pdf(farewell, who):
    person = farewell.people["Japanese"]
    with after_the_programme():
        response = api_client_of(getattr(farewell, who)).get(url(person), {"language": "de"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "花子 山田" in pdf_text(response.content)
    assert IssuedLetter.objects.get().language == "de"


@pytest.mark.parametrize("who", ["rehovot_coordinator", "lab_host"])
def test_another_citys_coordinator_and_a_lab_host_get_404(farewell, who):
    with after_the_programme():
        response = api_client_of(getattr(farewell, who)).get(url(farewell.people["Japanese"]))

    assert response.status_code == 404
    assert not IssuedLetter.objects.exists()


def test_anonymous_callers_are_refused(farewell):
    response = api_client_of(None).get(url(farewell.people["Japanese"]))

    assert response.status_code in {401, 403}


def test_while_the_programme_is_not_over_the_answer_is_409_naming_the_rule(farewell):
    response = api_client_of(farewell.organiser).get(url(farewell.people["Latin"]))  # before it

    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "has not completed the programme" in detail
    assert "The programme has not started yet." in detail
    assert "absent at no more than 2" in detail


def test_set_by_hand_to_not_completed_the_answer_is_409(farewell):
    set_completion(farewell.people["Latin"], False, actor=farewell.organiser)

    with after_the_programme():
        response = api_client_of(farewell.organiser).get(url(farewell.people["Latin"]))

    assert response.status_code == 409
    assert "marked the programme as not completed" in response.json()["detail"]


def test_set_by_hand_to_completed_it_is_issued_before_the_programme_ends(farewell):
    set_completion(farewell.people["Latin"], True, actor=farewell.organiser)

    response = api_client_of(farewell.organiser).get(url(farewell.people["Latin"]))

    assert response.status_code == 200


@pytest.mark.parametrize("language", ["xx", "fr"])
def test_an_unknown_or_unoffered_language_is_400_naming_language(farewell, language):
    with after_the_programme():
        response = api_client_of(farewell.organiser).get(
            url(farewell.people["Latin"]), {"language": language}
        )

    assert response.status_code == 400
    assert set(response.json()) == {"language"}


def test_producing_it_is_in_the_audit_trail(farewell):
    from auditlog.models import LogEntry

    with after_the_programme():
        api_client_of(farewell.coordinator).get(url(farewell.people["Latin"]))

    entry = LogEntry.objects.filter(object_pk=str(farewell.people["Latin"].pk)).latest("pk")
    assert entry.actor == farewell.coordinator
    assert entry.additional_data["access"] == "download"
    assert entry.additional_data["file"].startswith("ISH-2027-CRT-")
