"""The one way a status machine is declared (ish.workflow), and that the pages, the API and the
services agree on what a user may do: a button is shown exactly when the action would be
allowed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ish.accounts.models import Role
from ish.errors import RuleViolation
from ish.nominations.models import Nomination
from ish.workflow import Action, Workflow
from tests.factories import CityFactory, NominationFactory

pytestmark = pytest.mark.django_db

Status = Nomination.Status
# A small machine of its own, so the expectations do not come from the areas' tables.
TOY = Workflow(
    actions=(
        Action("submit", {Status.DRAFT}, Status.SUBMITTED, {Role.COORDINATOR}),
        Action("accept", {Status.SUBMITTED}, Status.ACCEPTED),
    ),
    refused="A %(status)s thing cannot be %(target)s.",
    forbidden="You may not %(action)s.",
    in_scope=lambda user, obj: user.city_id == obj.city_id,
    out_of_scope="Not your city.",
)


def test_an_organiser_may_take_every_action_from_its_sources(organiser):
    draft = NominationFactory.build(status=Status.DRAFT)

    assert [action.name for action in TOY.available(draft, organiser)] == ["submit"]
    assert TOY.ensure_may(organiser, draft, "accept").name == "accept"


def test_a_role_takes_only_its_actions_and_only_in_its_scope(coordinator, lab_host):
    own = NominationFactory.build(status=Status.DRAFT, city=coordinator.city)
    other = NominationFactory.build(status=Status.DRAFT, city=CityFactory(slug="elsewhere"))

    assert TOY.names_available(own, coordinator) == ["submit"]
    assert TOY.names_available(other, coordinator) == []
    assert TOY.names_available(own, lab_host) == []
    with pytest.raises(PermissionDenied, match=r"Not your city\."):
        TOY.ensure_may(coordinator, other, "submit")
    with pytest.raises(PermissionDenied, match=r"You may not accept\."):
        TOY.ensure_may(coordinator, own, "accept")


def test_a_refusal_names_the_action_by_its_button_text_in_the_readers_language(coordinator):
    own = NominationFactory.build(status=Status.SUBMITTED, city=coordinator.city)
    labelled = Workflow(
        actions=(Action("accept", {Status.SUBMITTED}, Status.ACCEPTED, label=_("Accept")),),
        refused="",
        forbidden=_("Your role may not use “%(action)s” on nominations."),
        in_scope=lambda user, obj: True,
    )

    with pytest.raises(PermissionDenied, match="may not use “Accept” on nominations"):
        labelled.ensure_may(coordinator, own, "accept")
    with translation.override("de"), pytest.raises(PermissionDenied, match="„Annehmen“"):
        labelled.ensure_may(coordinator, own, "accept")


def test_a_move_from_a_wrong_status_names_both_statuses_and_changes_nothing():
    draft = NominationFactory.build(status=Status.DRAFT)

    with pytest.raises(RuleViolation, match=r"A draft thing cannot be accepted\."):
        TOY.move(draft, "accept")
    assert draft.status == Status.DRAFT


def test_a_move_sets_the_target_and_says_where_it_came_from():
    draft = NominationFactory.build(status=Status.DRAFT)

    assert TOY.move(draft, "submit") == Status.DRAFT
    assert draft.status == Status.SUBMITTED


def test_the_system_and_the_student_pass_the_role_check(organiser):
    draft = NominationFactory.build(status=Status.DRAFT)

    assert TOY.ensure_may(None, draft, "accept").name == "accept"
