"""The one sorting of the portal's lists: the key a query asks for among the list's own, its
direction, and the query a header link keeps."""

import pytest
from django.http import QueryDict

from ish.sorting import Sorting

SORTING = Sorting({"name": ("family_name",), "city": ("city__name", "family_name")}, default="city")


@pytest.mark.parametrize(
    ("query", "key", "descending"),
    [
        ("", "city", False),
        ("sort=name", "name", False),
        ("sort=-name", "name", True),
        ("sort=password", "city", False),
        ("sort=--name", "city", False),
        ("sort=-", "city", False),
    ],
)
def test_the_sort_is_one_of_the_lists_keys_or_its_default(query, key, descending):
    chosen = SORTING.chosen(QueryDict(query))

    assert (chosen.key, chosen.descending) == (key, descending)


def test_a_header_link_keeps_the_filters_but_neither_the_sort_nor_the_page():
    chosen = SORTING.chosen(QueryDict("city=kumamoto&sort=-name&page=3&status=draft"))

    assert QueryDict(chosen.query).dict() == {"city": "kumamoto", "status": "draft"}
    assert chosen.value == "-name"


def test_a_default_that_is_none_of_the_keys_is_a_mistake_found_at_once():
    with pytest.raises(ValueError, match="default"):
        Sorting({"name": ("family_name",)}, default="score")
