"""The office offers the proposals it selects on the board, after a confirmation that says how
many, with a result per proposal: one already offered is skipped and says why, a lab without a
host account is named, an id nobody may see is not found; other roles may not."""

import pytest
from django.urls import reverse

from ish.notifications.models import OutboundEmail
from ish.placements.models import Placement
from tests.factories import LabFactory
from tests.placements.shared import status_of
from tests.portal.page_reader import page as parse

pytestmark = pytest.mark.django_db

Status = Placement.Status
OFFER = reverse("placements:offer_selected")
BOARD = reverse("placements:board")


@pytest.fixture
def three(placement_in):
    """Two proposals in the lab host's lab (Abe, Berg) and one already offered (Cruz)."""
    return [
        placement_in(Status.PROPOSED, given_name="Aiko", family_name="Abe"),
        placement_in(Status.PROPOSED, given_name="Bo", family_name="Berg"),
        placement_in(Status.OFFERED, given_name="Cem", family_name="Cruz"),
    ]


def offers_mailed() -> int:
    return OutboundEmail.objects.filter(event="placement_offered").count()


def test_the_board_offers_a_box_for_each_proposal_only(as_role, season, three):
    abe, berg, cruz = three
    html = as_role("organiser").get(BOARD, {"season": season.pk}).content.decode()

    assert f'name="selected" value="{abe.pk}" form="board-bulk"' in html
    assert f'name="selected" value="{berg.pk}" form="board-bulk"' in html
    assert f'name="selected" value="{cruz.pk}"' not in html
    assert 'id="board-bulk"' in html


def test_the_confirmation_says_how_many_proposals_and_offers_nothing_yet(as_role, three):
    before = offers_mailed()
    response = as_role("organiser").post(
        OFFER, {"action": "offer", "selected": [p.pk for p in three[:2]]}
    )

    assert parse(response).text("bulk-count") == "Offer 2 proposals to their labs?"
    assert [status_of(p) for p in three[:2]] == [Status.PROPOSED, Status.PROPOSED]
    assert offers_mailed() == before


def test_confirmed_each_proposal_is_offered_and_one_already_offered_is_skipped_with_why(
    as_role, three, lab, lab_host
):
    abe, berg, cruz = three
    before = offers_mailed()
    response = as_role("organiser").post(
        OFFER, {"action": "offer", "selected": [abe.pk, cruz.pk, berg.pk], "confirmed": "1"}
    )

    rows = parse(response).table("bulk-results")
    assert [row[0] for row in rows] == [
        f"Aiko Abe in {lab.name}",
        f"Cem Cruz in {lab.name}",
        f"Bo Berg in {lab.name}",
    ]
    mailed = f"Done Offered. 1 e-mail was written, to {lab_host.get_full_name()}."
    assert rows[0][1] == mailed
    assert rows[1][1] == "Skipped A placement with the status “offered” cannot move to “offered”."
    assert rows[2][1] == mailed
    assert [status_of(p) for p in three] == [Status.OFFERED] * 3
    assert offers_mailed() == before + 2


def test_an_offer_to_a_lab_without_a_host_account_says_nobody_is_e_mailed(as_role, placement_in):
    hostless = LabFactory(name="Lonely Lab")
    placement = placement_in(Status.PROPOSED, lab=hostless, given_name="Dana", family_name="Diaz")

    response = as_role("organiser").post(
        OFFER, {"action": "offer", "selected": [placement.pk, 999999], "confirmed": "1"}
    )

    assert parse(response).table("bulk-results") == [
        [
            "Dana Diaz in Lonely Lab",
            "Done Offered, but Lonely Lab has no host account: nobody is e-mailed.",
        ],
        ["#999999", "Skipped Not found."],
    ]


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
def test_other_roles_may_not_offer_in_bulk(as_role, three, role):
    response = as_role(role).post(
        OFFER, {"action": "offer", "selected": [p.pk for p in three], "confirmed": "1"}
    )

    assert response.status_code == 403
    assert [status_of(p) for p in three] == [Status.PROPOSED, Status.PROPOSED, Status.OFFERED]
