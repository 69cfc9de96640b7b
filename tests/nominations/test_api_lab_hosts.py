"""What a lab host gets from the nominations API (only students offered to their lab, without
sensitive data) and which earlier document versions each role may list."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from ish.nominations.models import Nomination
from ish.nominations.selectors import SENSITIVE_FIELDS
from ish.nominations.services import perform
from tests.factories import (
    PDF_BYTES,
    DocumentFactory,
    PlacementFactory,
    attach_documents,
    complete_nomination,
)
from tests.nominations.api_requests import LIST, ids, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


# --- lab hosts: only students offered to their lab, without sensitive data --------------------


@pytest.fixture
def offered(world, organiser, lab_host):
    """An accepted Kumamoto student with every document, offered to the lab host's lab."""
    nomination = complete_nomination(
        season=world.season, passport_number="TK1234567", medical_notes="Asthma"
    )
    attach_documents(nomination, ["other"])
    for action in ("submit", "accept"):
        perform(nomination, action, actor=organiser)
    PlacementFactory(nomination=nomination, lab=lab_host.lab, status="offered")
    return nomination


def test_a_lab_host_sees_a_student_offered_to_their_lab_without_sensitive_data(
    api_as, world, offered, nomination_of
):
    nomination_of("own", Status.ACCEPTED)  # accepted, but offered to no lab
    client = api_as("lab_host")

    listed = client.get(LIST)
    shown = client.get(url(offered))

    assert ids(listed) == {offered.pk}
    assert shown.status_code == 200
    body = shown.json()
    for hidden in [*SENSITIVE_FIELDS, "email", "phone", "date_of_birth", "missing"]:
        assert hidden not in body, hidden
    assert body["research_interests"] == ["biology"]
    assert {d["kind"] for d in body["documents"]} == {"cv", "motivation_letter"}


def test_a_lab_host_gets_only_the_cv_and_motivation_letter_of_an_offered_student(api_as, offered):
    client = api_as("lab_host")
    documents = {d.kind: d for d in offered.documents.all()}

    listed = client.get(url(offered, "documents/"))

    assert sorted(d["kind"] for d in listed.json()) == ["cv", "motivation_letter"]
    for kind, expected in [("cv", 200), ("motivation_letter", 200), ("transcript", 404),
                           ("other", 404)]:  # fmt: skip
        response = client.get(url(offered, f"documents/{documents[kind].pk}/download/"))
        assert response.status_code == expected, kind


@pytest.fixture
def replaced(offered):
    """The offered student's first CV and transcript, both replaced a week ago by the current."""
    week_ago = timezone.now() - dt.timedelta(days=7)
    return {
        kind: DocumentFactory(nomination=offered, kind=kind, replaced_at=week_ago)
        for kind in ("cv", "transcript")
    }


# role: the kinds of the earlier versions listed, or the status code refusing the list
EARLIER_VERSIONS = {
    "organiser": ["cv", "transcript"],
    "coordinator": ["cv", "transcript"],
    "lab_host": [],  # only the current CV and letter, as on the lab host's pages
    "other_coordinator": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("role", list(EARLIER_VERSIONS))
def test_earlier_versions_of_documents_are_listed_on_request_in_the_callers_scope(
    api_as, offered, replaced, other_coordinator, role
):
    client = api_as(role) if role != "other_coordinator" else APIClient()
    if role == "other_coordinator":
        client.force_authenticate(other_coordinator)
    expected = EARLIER_VERSIONS[role]

    current = client.get(url(offered, "documents/"))
    everything = client.get(url(offered, "documents/"), {"include_replaced": "true"})

    if isinstance(expected, int):
        assert (current.status_code, everything.status_code) == (expected, expected)
        return
    assert everything.status_code == 200
    earlier = [d for d in everything.json() if d["replaced_at"]]
    assert sorted(d["kind"] for d in earlier) == expected
    assert {d["id"] for d in earlier} == {replaced[kind].pk for kind in expected}
    assert all(d["uploaded_at"] for d in everything.json())
    assert all(d["replaced_at"] is None for d in current.json())
    assert {d["id"] for d in current.json()} == {
        d["id"] for d in everything.json() if not d["replaced_at"]
    }
    if role == "lab_host":
        old_cv = client.get(url(offered, f"documents/{replaced['cv'].pk}/download/"))
        assert old_cv.status_code == 404
        return
    download = client.get(earlier[0]["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_request_for_earlier_versions_that_is_not_a_yes_or_no_is_a_400(api_as, offered):
    response = api_as("organiser").get(url(offered, "documents/"), {"include_replaced": "maybe"})

    assert response.status_code == 400
    assert "include_replaced" in response.json()


def test_a_lab_host_cannot_change_an_offered_student(api_as, offered):
    client = api_as("lab_host")
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES)

    responses = [
        client.patch(url(offered), {"school": "Changed"}),
        client.delete(url(offered)),
        client.post(url(offered, "confirm/")),
        client.post(url(offered, "withdraw/")),
        client.post(url(offered, "documents/"), {"kind": "cv", "file": upload}, format="multipart"),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    assert Nomination.objects.get(pk=offered.pk).status == Status.ACCEPTED


def test_a_lab_host_cannot_search_by_e_mail(api_as, offered):
    client = api_as("lab_host")

    assert ids(client.get(LIST, {"search": offered.family_name})) == {offered.pk}
    assert ids(client.get(LIST, {"search": offered.email})) == set()


def test_a_placement_only_proposed_to_a_lab_is_not_shown_to_its_host(
    api_as, world, organiser, lab_host, nomination_of
):
    nomination = nomination_of("own", Status.ACCEPTED)
    PlacementFactory(nomination=nomination, lab=lab_host.lab, status="proposed")

    assert api_as("lab_host").get(url(nomination)).status_code == 404
    assert ids(api_as("lab_host").get(LIST)) == set()
