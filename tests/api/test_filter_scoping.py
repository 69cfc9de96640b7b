"""Every filter that names a row by id or slug, on every list endpoint of the API and on the
portal's list pages, answers a row outside the caller's scope exactly as a row that does not
exist: the filter is no oracle for which students, places or schools exist.

The API's filters are found by walking the router, so a new endpoint or filter is covered without
editing this module; a filter naming rows of a model this module has not classified fails below
until it is added to SCOPED or REFERENCE_DATA. The portal's list pages are a table. Who may see
what is written out here from API.md and the README's roles, never read from the selectors under
test."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Max, Model
from django.db.models.constants import LOOKUP_SEP
from django.urls import reverse
from django_filters import rest_framework as filters
from rest_framework.settings import api_settings

from api.urls import router
from ish.exchange.models import OutboundProgramme, School
from ish.housing.models import Accommodation
from ish.labs.models import Institute, Lab
from ish.nominations.models import Nomination
from ish.placements.models import Placement
from ish.seasons.models import City, ResearchField, Season
from tests.factories import (
    AccommodationFactory,
    ApplicationFactory,
    HousingAssignmentFactory,
    LabFactory,
    NominationFactory,
    PlacementFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

CALLERS = ["coordinator", "lab_host"]


@dataclass(frozen=True)
class IdFilter:
    """A query parameter of a list (an API endpoint or a portal page) that names one row of
    `model` by its `key`."""

    url_name: str  # the list's URL name: "placement-list", "exchange:list"
    name: str  # the query parameter
    model: type[Model] | None  # None: a filter choosing rows it does not say of which model
    key: str  # "pk", or the unique field it names the row by (a slug)
    page: bool = False  # a portal page (HTML), else the API (JSON)

    def __str__(self) -> str:
        return f"{self.url_name}?{self.name}="


# --- what the API offers: every id (or slug) filter of every list endpoint ----------------------


def _filterset_of(viewset: type):
    """The FilterSet django-filter builds for the viewset's list, if it filters at all."""
    backends = getattr(viewset, "filter_backends", api_settings.DEFAULT_FILTER_BACKENDS)
    backend = next((b() for b in backends if issubclass(b, filters.DjangoFilterBackend)), None)
    if backend is None or not hasattr(viewset, "list"):
        return None
    view = viewset(action="list", request=None, format_kwarg=None, kwargs={})
    model = view.get_serializer_class().Meta.model
    return backend.get_filterset_class(view, model.objects.none())


def _named_row(model: type[Model], filter_: filters.Filter) -> tuple[type[Model] | None, str]:
    """Which model's rows a filter names, and by which field; (None, "") for a filter that does
    not name a row (free text, a status, a flag, a search over related names)."""
    is_choice = isinstance(filter_, filters.ModelChoiceFilter | filters.ModelMultipleChoiceFilter)
    named, key = None, ""
    for part in filter_.field_name.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:  # a method (the search) or an annotation
            return (None, "pk") if is_choice else (None, "")
        if field.is_relation:
            model = named = field.related_model
            key = "pk"
        else:
            key = part
    if named is None:
        return None, ""
    if is_choice:
        return named, filter_.extra.get("to_field_name") or "pk"
    if filter_.lookup_expr == "exact" and (key == "pk" or named._meta.get_field(key).unique):
        return named, key
    return None, ""


def _api_id_filters() -> list[IdFilter]:
    found = []
    for _prefix, viewset, basename in router.registry:
        filterset = _filterset_of(viewset)
        if filterset is None:
            continue
        for name, filter_ in filterset.base_filters.items():
            model, key = _named_row(filterset._meta.model, filter_)
            if key:
                found.append(IdFilter(f"{basename}-list", name, model, key))
    return found


API_ID_FILTERS = _api_id_filters()

# --- the portal's list pages that take an id in their query ------------------------------------

PAGE_ID_FILTERS = [
    IdFilter(url_name, name, model, key, page=True)
    for url_name, name, model, key in [
        ("nominations:list", "season", Season, "pk"),
        ("nominations:list", "city", City, "slug"),
        ("placements:list", "season", Season, "pk"),
        ("placements:offers", "season", Season, "pk"),
        ("placements:board", "season", Season, "pk"),
        ("housing:mine", "season", Season, "pk"),
        ("housing:calendar", "season", Season, "pk"),
        ("participants:arrivals", "season", Season, "pk"),
        ("exchange:list", "season", Season, "pk"),
        ("exchange:list", "school", School, "pk"),
        ("exchange:departures", "season", Season, "pk"),
        ("exchange:call", "season", Season, "pk"),
        ("portal:season", "season", Season, "pk"),
    ]
]
ID_FILTERS = API_ID_FILTERS + PAGE_ID_FILTERS


# --- what each caller may see, from API.md and the README's roles -------------------------------


@pytest.fixture
def world(season, coordinator, lab_host):
    """Kumamoto (the coordinator's city) and Hangzhou each have a student placed in a lab and
    housed; the lab host's lab has been offered the Kumamoto student and has only a proposal
    for a second one; one place houses nobody; the office has a school with an applicant."""
    hangzhou = City.objects.get(slug="hangzhou")
    own = NominationFactory(season=season, status=Nomination.Status.ACCEPTED)
    proposed = NominationFactory(season=season, status=Nomination.Status.ACCEPTED)
    other = NominationFactory(season=season, city=hangzhou, status=Nomination.Status.ACCEPTED)
    other_lab = LabFactory()
    PlacementFactory(nomination=own, lab=lab_host.lab, status=Placement.Status.OFFERED)
    PlacementFactory(nomination=proposed, lab=lab_host.lab, status=Placement.Status.PROPOSED)
    PlacementFactory(nomination=other, lab=other_lab, status=Placement.Status.OFFERED)
    own_bed = HousingAssignmentFactory(nomination=own)
    other_bed = HousingAssignmentFactory(nomination=other)
    school = SchoolFactory()
    ApplicationFactory(season=season, school=school)
    return SimpleNamespace(
        season=season,
        own_student=own,
        proposed_student=proposed,
        other_student=other,
        own_place=own_bed.accommodation,
        other_place=other_bed.accommodation,
        empty_place=AccommodationFactory(),
        other_lab=other_lab,
        school=school,
    )


@dataclass
class Scope:
    """Rows of one model a caller may not see (each with why), and one they may, if any."""

    outside: Callable[[SimpleNamespace, str], dict[str, Model]]
    inside: Callable[[SimpleNamespace, str], Model | None]


SCOPED: dict[type[Model], Scope] = {
    # A coordinator sees their city's students; a lab host those offered to their lab.
    Nomination: Scope(
        outside=lambda world, caller: {
            "coordinator": {"another city's student": world.other_student},
            "lab_host": {
                "a student offered to another lab": world.other_student,
                "a student only proposed to their lab": world.proposed_student,
            },
        }[caller],
        inside=lambda world, caller: world.own_student,
    ),
    # A coordinator may name the places their city's students stay in; a lab host none.
    Accommodation: Scope(
        outside=lambda world, caller: {
            "coordinator": {
                "a place housing another city's student": world.other_place,
                "a place housing nobody": world.empty_place,
            },
            "lab_host": {
                "a place housing a student of their lab": world.own_place,
                "a place housing nobody": world.empty_place,
            },
        }[caller],
        inside=lambda world, caller: world.own_place if caller == "coordinator" else None,
    ),
    # Schools are the NYSF office's: organisers only.
    School: Scope(
        outside=lambda world, caller: {"the office's school": world.school},
        inside=lambda world, caller: None,
    ),
    # Outbound programmes are the office's too.
    OutboundProgramme: Scope(
        outside=lambda world, caller: {"the office's programme": OutboundProgramme.nysf()},
        inside=lambda world, caller: None,
    ),
}

# Reference data every signed-in role reads in full (API.md: "read: any"): there is no row
# outside anyone's scope, so naming any row is simply a filter. Each with a row to name.
REFERENCE_DATA: dict[type[Model], Callable[[SimpleNamespace], Model]] = {
    Season: lambda world: world.season,
    City: lambda world: City.objects.get(slug="hangzhou"),
    ResearchField: lambda world: ResearchField.objects.get(slug="physics"),
    Institute: lambda world: world.other_lab.institute,
    Lab: lambda world: world.other_lab,
}


def _value(row: Model, key: str) -> str:
    return str(getattr(row, key))


def _value_in_scope(id_filter: IdFilter, world: SimpleNamespace, caller: str) -> str:
    """A value naming a row the caller may see (the test is skipped where there is none)."""
    if id_filter.model in REFERENCE_DATA:
        row = REFERENCE_DATA[id_filter.model](world)
    elif (row := SCOPED[id_filter.model].inside(world, caller)) is None:
        pytest.skip(f"no {id_filter.model.__name__} is in the scope of a {caller}")
    return _value(row, id_filter.key)


def _missing(model: type[Model], key: str) -> str:
    """A value naming no row: past the highest id, or a slug nobody uses."""
    if key == "pk":
        return str((model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1000)
    return f"no-such-{model._meta.model_name}"


def _answer(client, id_filter: IdFilter, asked: str) -> tuple[int, object]:
    """The status and the body of the list asked for `asked`; of a page without what differs
    by request alone: the CSRF token, and the query asked for where the page echoes it (in
    links, plain or URL-encoded)."""
    response = client.get(reverse(id_filter.url_name), {id_filter.name: asked})
    if not id_filter.page:
        return response.status_code, response.json()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    for equals in ("=", "%3D", "%3d"):
        html = html.replace(f"{id_filter.name}{equals}{asked}", f"{id_filter.name}{equals}…")
    return response.status_code, html


def _cases(id_filters: list[IdFilter]) -> list:
    return [
        pytest.param(id_filter, caller, id=f"{id_filter}{caller}")
        for id_filter in id_filters
        for caller in CALLERS
    ]


@pytest.fixture
def client_for(api_as, client_as):
    """The caller's API client for an API filter, their browser for a page's."""
    return lambda id_filter, caller: (client_as if id_filter.page else api_as)(caller)


# --- the tests -----------------------------------------------------------------------------------


def test_the_walk_finds_the_filters_the_contract_names():
    found = {(id_filter.url_name, id_filter.name) for id_filter in API_ID_FILTERS}

    assert {
        ("nomination-list", "season"),
        ("nomination-list", "city"),
        ("placement-list", "nomination"),
        ("placement-list", "lab"),
        ("housing-assignment-list", "nomination"),
        ("housing-assignment-list", "accommodation"),
        ("exchange-application-list", "school"),
        ("export-list", "season"),
    } <= found


@pytest.mark.parametrize("id_filter", ID_FILTERS, ids=str)
def test_every_id_filter_names_rows_of_a_model_whose_scope_is_known(id_filter):
    assert id_filter.model in SCOPED or id_filter.model in REFERENCE_DATA, (
        f"{id_filter} names rows of {id_filter.model}: add who may see them to SCOPED (or, if "
        "every role reads them all, to REFERENCE_DATA) in this module"
    )


@pytest.mark.parametrize(
    ("id_filter", "caller"),
    _cases([id_filter for id_filter in ID_FILTERS if id_filter.model not in REFERENCE_DATA]),
)
def test_a_row_outside_the_callers_scope_answers_as_one_that_does_not_exist(
    world, client_for, id_filter, caller
):
    client = client_for(id_filter, caller)
    nonexistent = _answer(client, id_filter, _missing(id_filter.model, id_filter.key))

    outside = SCOPED[id_filter.model].outside(world, caller)
    assert outside
    for why, row in outside.items():
        assert _answer(client, id_filter, _value(row, id_filter.key)) == nonexistent, why


@pytest.mark.parametrize(("id_filter", "caller"), _cases(ID_FILTERS))
def test_a_row_the_caller_may_see_is_taken_as_a_filter(world, client_for, id_filter, caller):
    client = client_for(id_filter, caller)
    url = reverse(id_filter.url_name)

    unfiltered = client.get(url)
    response = client.get(url, {id_filter.name: _value_in_scope(id_filter, world, caller)})

    # Where the caller may list at all, naming a row they may see filters (never a 400).
    assert response.status_code == unfiltered.status_code, response.content


@pytest.mark.parametrize("caller", CALLERS)
def test_the_placements_filter_by_student_shows_a_callers_own_student(world, api_as, caller):
    response = api_as(caller).get(reverse("placement-list"), {"nomination": world.own_student.pk})

    assert response.status_code == 200
    assert [row["nomination"] for row in response.json()["results"]] == [world.own_student.pk]
