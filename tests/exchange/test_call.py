"""Opening the NYSF call from the portal: the season's application deadline and the schools,
through the services and the office's pages (organisers only), and an admin that cannot bypass
the per-school limit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ish.exchange import opening, programmes
from ish.exchange.models import Application, OutboundProgramme, School
from tests.factories import ApplicationFactory, SchoolFactory, SeasonFactory
from tests.portal.page_reader import page as parse

pytestmark = pytest.mark.django_db

CALL = reverse("exchange:call")
APPLY = reverse("exchange:apply")


def in_days(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def pages(season, school) -> list[tuple[str, str, dict]]:
    return [
        ("get", CALL, {}),
        ("post", reverse("exchange:call_deadline", args=[season.pk]), {}),
        ("get", reverse("exchange:school_add"), {}),
        ("post", reverse("exchange:school_add"), {"name": "New school"}),
        ("get", reverse("exchange:school_edit", args=[school.pk]), {}),
        ("post", reverse("exchange:school_edit", args=[school.pk]), {"name": "Renamed"}),
    ]


# --- the services ----------------------------------------------------------------------------


def test_setting_the_deadline_opens_the_public_form(client, season, organiser, school):
    assert "Applications for the NYSF are closed" in client.get(APPLY).content.decode()

    opening.set_exchange_deadline(season, deadline=in_days(30), actor=organiser)

    page = client.get(APPLY).content.decode()
    assert f"National Youth Science Forum {season.year}: apply" in page
    assert "Bunsen-Gymnasium" in page


def test_an_empty_deadline_closes_the_call(client, season, organiser):
    opening.set_exchange_deadline(season, deadline=in_days(30), actor=organiser)

    opening.set_exchange_deadline(season, deadline=None, actor=organiser)

    season.refresh_from_db()
    assert season.exchange_deadline is None
    assert "Applications for the NYSF are closed" in client.get(APPLY).content.decode()


def test_a_new_deadline_in_the_past_is_refused_on_its_field(season, organiser):
    with pytest.raises(ValidationError) as refused:
        opening.set_exchange_deadline(season, deadline=in_days(-1), actor=organiser)

    assert list(refused.value.message_dict) == ["exchange_deadline"]
    season.refresh_from_db()
    assert season.exchange_deadline is None


def test_a_past_deadline_already_set_may_stay(season, organiser):
    passed = in_days(-10)
    type(season).objects.filter(pk=season.pk).update(exchange_deadline=passed)
    season.refresh_from_db()

    opening.set_exchange_deadline(season, deadline=passed, actor=organiser)

    season.refresh_from_db()
    assert season.exchange_deadline == passed


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_only_the_office_opens_the_call_or_changes_schools(season, school, user_of, role):
    with pytest.raises(PermissionDenied):
        opening.set_exchange_deadline(season, deadline=in_days(30), actor=user_of(role))
    with pytest.raises(PermissionDenied):
        opening.save_school(actor=user_of(role), name="Another school")
    with pytest.raises(PermissionDenied):
        opening.save_school(school, actor=user_of(role), is_active=False)

    season.refresh_from_db()
    assert season.exchange_deadline is None
    assert School.objects.get().is_active


def test_a_school_is_added_and_changed(organiser):
    school = opening.save_school(actor=organiser, name="Helmholtz-Gymnasium", address="")

    opening.save_school(school, actor=organiser, address="Rohrbacher Straße 102")

    school.refresh_from_db()
    assert (school.name, school.address, school.is_active) == (
        "Helmholtz-Gymnasium",
        "Rohrbacher Straße 102",
        True,
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bunsen-gymnasium", "A school with this name already exists."),
        ("", "This field cannot be blank."),
        ("x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ],
)
def test_a_bad_school_name_is_refused_on_its_field(organiser, school, name, message):
    with pytest.raises(ValidationError) as refused:
        opening.save_school(actor=organiser, name=name)

    assert refused.value.message_dict == {"name": [message]}
    assert School.objects.count() == 1


def test_a_school_keeps_its_own_name(organiser, school):
    opening.save_school(school, actor=organiser, name="Bunsen-Gymnasium", is_active=False)

    school.refresh_from_db()
    assert not school.is_active


def test_a_school_that_no_longer_takes_part_leaves_the_public_form_but_keeps_its_applications(
    client, organiser, school
):
    season = SeasonFactory()
    opening.set_exchange_deadline(season, deadline=in_days(30), actor=organiser)
    ApplicationFactory(season=season, school=school)

    opening.save_school(school, actor=organiser, is_active=False)

    assert "Bunsen-Gymnasium" not in client.get(APPLY).content.decode()
    assert Application.objects.filter(school=school).count() == 1


# --- the pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_other_roles_get_403_on_the_call_and_school_pages(client_as, season, school, role):
    client = client_as(role)

    for method, path, data in pages(season, school):
        assert getattr(client, method)(path, data).status_code == 403, path

    season.refresh_from_db()
    assert season.exchange_deadline is None
    assert list(School.objects.values_list("name", flat=True)) == ["Bunsen-Gymnasium"]


def test_anonymous_visitors_are_sent_to_the_login_page(client, season, school):
    for method, path, data in pages(season, school):
        response = getattr(client, method)(path, data)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("login")), path


def test_the_call_page_shows_the_deadline_the_public_address_and_the_schools(
    client_as, organiser, season, school
):
    opening.set_exchange_deadline(season, deadline=in_days(30), actor=organiser)
    ApplicationFactory(season=season, school=school)
    SchoolFactory(name="Altes Gymnasium", is_active=False)

    response = client_as("organiser").get(CALL)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Open until" in html
    assert f"http://testserver{APPLY}" in html
    assert reverse("exchange:school_edit", args=[school.pk]) in html
    rows = [school.name for school in response.context["schools"]]
    assert rows == ["Bunsen-Gymnasium", "Altes Gymnasium"]  # those taking part first
    assert response.context["schools"][0].applied == 1


def test_the_call_page_shows_each_active_programmes_deadline_and_limit(
    client_as, open_season, issi, organiser
):
    """The NYSF by the season's call and one candidate per school and gender, the ISSI by its
    own deadline and without a limit; a programme closed to applications is left out."""
    programmes.save_programme(
        actor=organiser,
        slug="old",
        name="Old exchange",
        host_country="FR",
        host_city="Lyon",
        places=1,
        is_active=False,
    )
    OutboundProgramme.objects.filter(slug="nysf").update(candidates_per_school_and_gender=2)

    response = client_as("organiser").get(CALL, {"season": open_season.pk})

    nysf_until = date_format(
        timezone.localtime(open_season.exchange_deadline), "SHORT_DATETIME_FORMAT"
    )
    issi_until = date_format(timezone.localtime(issi.application_deadline), "SHORT_DATETIME_FORMAT")
    assert parse(response).table("programme-calls") == [
        ["ISSI", f"open until {issi_until} its own deadline", "no limit", "open: ISSI"],
        [
            "NYSF",
            f"open until {nysf_until} the season's call",
            "2 female and 2 male",
            "open: NYSF",
        ],
    ]
    # The NYSF's own sentence stays, with its limit.
    assert (
        "Each school may nominate up to 2 female and 2 male candidates." in parse(response).text()
    )


def test_a_programme_call_past_its_deadline_says_closed(client_as, open_season, issi):
    past = timezone.now() - dt.timedelta(days=1)
    OutboundProgramme.objects.filter(pk=issi.pk).update(application_deadline=past)

    rows = parse(client_as("organiser").get(CALL, {"season": open_season.pk})).table(
        "programme-calls"
    )

    until = date_format(timezone.localtime(past), "SHORT_DATETIME_FORMAT")
    assert rows[0][1] == f"closed on {until} its own deadline"


def test_the_list_links_the_call_page(client_as, season):
    assert CALL in client_as("organiser").get(reverse("exchange:list")).content.decode()


def test_the_organiser_opens_the_call_from_the_page(client, client_as, season, school):
    response = client_as("organiser").post(
        reverse("exchange:call_deadline", args=[season.pk]),
        {"exchange_deadline": "2099-06-05T23:59"},
        follow=True,
    )

    season.refresh_from_db()
    assert timezone.localtime(season.exchange_deadline).strftime("%Y-%m-%d %H:%M") == (
        "2099-06-05 23:59"
    )
    assert f"NYSF {season.year}: applications are open until" in response.content.decode()
    assert client.get(APPLY).context["season"] == season


def test_the_organiser_closes_the_call_from_the_page(client_as, organiser, season):
    opening.set_exchange_deadline(season, deadline=in_days(30), actor=organiser)

    response = client_as("organiser").post(
        reverse("exchange:call_deadline", args=[season.pk]), {"exchange_deadline": ""}, follow=True
    )

    season.refresh_from_db()
    assert season.exchange_deadline is None
    assert f"NYSF {season.year}: the call is closed." in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2001-06-05T23:59", "The deadline must lie in the future"),
        ("next June", "Enter a valid date/time."),
    ],
)
def test_a_bad_deadline_is_shown_on_its_field(client_as, season, value, message):
    response = client_as("organiser").post(
        reverse("exchange:call_deadline", args=[season.pk]), {"exchange_deadline": value}
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["exchange_deadline"])
    season.refresh_from_db()
    assert season.exchange_deadline is None


def test_the_deadline_of_an_unknown_season_is_404(client_as, db):
    response = client_as("organiser").post(reverse("exchange:call_deadline", args=[999999]), {})

    assert response.status_code == 404


def test_the_call_page_takes_a_garbage_season_and_no_season_at_all(client_as, db):
    client = client_as("organiser")

    page = client.get(CALL).content.decode()
    assert page.count('data-testid="no-season"') == 1
    assert "No season has been set up yet." in page
    SeasonFactory()
    assert client.get(CALL, {"season": "x"}).status_code == 200


def test_the_organiser_adds_a_school(client_as, db):
    response = client_as("organiser").post(
        reverse("exchange:school_add"),
        {"name": "Helmholtz-Gymnasium", "address": "Rohrbacher Straße 102", "is_active": "on"},
    )

    assert response.status_code == 302
    school = School.objects.get()
    assert (school.name, school.is_active) == ("Helmholtz-Gymnasium", True)


def test_the_organiser_edits_a_school(client_as, school):
    client = client_as("organiser")
    form = client.get(reverse("exchange:school_edit", args=[school.pk])).content.decode()

    response = client.post(
        reverse("exchange:school_edit", args=[school.pk]),
        {"name": "Robert-Bunsen-Gymnasium", "address": school.address},  # unticked: not active
    )

    assert 'value="Bunsen-Gymnasium"' in form
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.is_active) == ("Robert-Bunsen-Gymnasium", False)


@pytest.mark.parametrize(
    ("name", "message"),
    [("BUNSEN-GYMNASIUM", "A school with this name already exists."), ("", "required")],
)
def test_a_bad_school_is_shown_on_its_field(client_as, school, name, message):
    response = client_as("organiser").post(reverse("exchange:school_add"), {"name": name})

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["name"])
    assert School.objects.count() == 1


def test_an_unknown_school_is_404(client_as, db):
    assert (
        client_as("organiser").get(reverse("exchange:school_edit", args=[999999])).status_code
        == 404
    )


# --- the admin -------------------------------------------------------------------------------


def test_the_admin_cannot_change_who_applied_for_which_school(client_as, school):
    application = ApplicationFactory(school=school, gender="female", email="lea@example.de")
    other_school = SchoolFactory()
    other_season = SeasonFactory(year=2026)
    client = client_as("organiser")
    change = reverse("admin:exchange_application_change", args=[application.pk])

    page = client.get(change)
    client.post(
        change,
        {
            "school": other_school.pk,
            "gender": "male",
            "season": other_season.pk,
            "email": "other@example.de",
            "given_name": "Else",
        },
    )

    assert page.status_code == 200
    for name in ["school", "gender", "season", "email", "given_name", "nominator_email"]:
        assert name not in page.context["adminform"].form.fields, name
    application.refresh_from_db()
    assert (application.school, application.gender, application.email) == (
        school,
        "female",
        "lea@example.de",
    )
    assert application.season != other_season


def test_applications_are_not_added_in_the_admin(client_as, db):
    client = client_as("organiser")

    assert client.get(reverse("admin:exchange_application_add")).status_code == 403
    assert (
        reverse("admin:exchange_application_add")
        not in client.get(reverse("admin:exchange_application_changelist")).content.decode()
    )
