"""`completed_programme` on the nominations API: the office sets it by hand (true, false or back to
null, derived), the history says so, a coordinator reads it and cannot change it, a lab host does
not see it, and the list writes it without a query more."""

import pytest

from ish.nominations.models import Nomination
from tests.nominations.api_requests import LIST, url
from tests.nominations.test_api_list import add_nominations

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("before_the_deadline")]

Status = Nomination.Status


def stored(nomination) -> bool | None:
    return Nomination.objects.get(pk=nomination.pk).completed_programme


def test_a_nomination_carries_completed_programme_null_until_set(api_as, nomination_of):
    accepted = nomination_of("own", Status.ACCEPTED)

    assert api_as("organiser").get(url(accepted)).json()["completed_programme"] is None
    assert api_as("coordinator").get(url(accepted)).json()["completed_programme"] is None
    row = api_as("organiser").get(LIST).json()["results"][0]
    assert row["completed_programme"] is None


@pytest.mark.parametrize("value", [True, False])
def test_the_office_sets_it_by_hand_and_back_to_derived(api_as, nomination_of, value):
    accepted = nomination_of("own", Status.ACCEPTED)
    client = api_as("organiser")

    response = client.patch(url(accepted), {"completed_programme": value}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["completed_programme"] is value
    assert stored(accepted) is value

    back = client.patch(url(accepted), {"completed_programme": None}, format="json")
    assert back.json()["completed_programme"] is None
    assert stored(accepted) is None


def test_the_history_records_each_verdict_by_hand(api_as, nomination_of):
    accepted = nomination_of("own", Status.ACCEPTED)
    client = api_as("organiser")
    client.patch(url(accepted), {"completed_programme": False}, format="json")

    history = client.get(url(accepted, "history/")).json()

    assert history[-1]["action"] == "completion_no"
    assert (history[-1]["from_status"], history[-1]["to_status"]) == ("accepted", "accepted")


def test_a_coordinator_reads_it_but_their_write_changes_nothing(api_as, nomination_of):
    accepted = nomination_of("own", Status.ACCEPTED)

    response = api_as("coordinator").patch(
        url(accepted), {"completed_programme": True}, format="json"
    )

    assert stored(accepted) is None
    assert response.status_code in {200, 403, 409}
    assert not accepted.changes.filter(action__startswith="completion").exists()


def test_a_lab_host_does_not_see_it(api_as, world, lab_host, nomination_of):
    from tests.nominations.test_api_list import offer_to_lab

    nomination_of("own", Status.ACCEPTED)
    offer_to_lab(world, lab_host.lab)

    rows = api_as("lab_host").get(LIST).json()["results"]

    assert rows
    assert all("completed_programme" not in row for row in rows)


def test_it_is_refused_for_a_student_without_a_place_naming_the_rule(api_as, nomination_of):
    submitted = nomination_of("own", Status.SUBMITTED)

    response = api_as("organiser").patch(
        url(submitted), {"completed_programme": True}, format="json"
    )

    assert response.status_code == 409
    assert "holds a place" in str(response.json())
    assert stored(submitted) is None


def test_a_new_nomination_cannot_bring_it(api_as, world):
    from tests.nominations.api_requests import creation_payload

    response = api_as("organiser").post(
        LIST,
        {**creation_payload(world.season), "city": "kumamoto", "completed_programme": True},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Nomination.objects.get(pk=response.json()["id"]).completed_programme is None


def test_the_list_writes_it_in_as_many_queries_for_200_as_for_10(
    api_as, world, django_assert_max_num_queries
):
    client = api_as("organiser")
    for wanted in (10, 200):
        add_nominations(world, wanted)
        Nomination.objects.filter(pk__in=Nomination.objects.order_by("pk").values("pk")[:5]).update(
            completed_programme=True
        )

        with django_assert_max_num_queries(4):
            response = client.get(LIST, {"page_size": 500})

        rows = response.json()["results"]
        assert len(rows) == wanted
        assert sum(row["completed_programme"] is True for row in rows) == 5
