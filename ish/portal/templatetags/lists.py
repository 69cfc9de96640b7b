"""The parts every sortable, selectable list shares (`{% load lists %}`): a column header that
sorts the list (ish.sorting) and the check box that picks a row for a bulk action (ish.bulk)."""

from django import template

from ish.sorting import PARAM, Sorted

register = template.Library()


@register.inclusion_tag("lists/sort_header.html")
def sort_header(sorted_: Sorted, key: str, label: str, css: str = "") -> dict:
    """A column's header: a link sorting by `key` (ascending first, then the other way), marked
    with `aria-sort` while the list is sorted by it."""
    active = sorted_.key == key
    descending = active and sorted_.descending
    return {
        "key": key,
        "label": label,
        "css": css,
        "active": active,
        "descending": descending,
        "href": "?"
        + "&".join(
            part
            for part in (sorted_.query, f"{PARAM}={'-' if active and not descending else ''}{key}")
            if part
        ),
    }
