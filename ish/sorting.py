"""The one way a portal list is sorted by its column headers: each list names the keys it may be
sorted by (a whitelist, each mapped to ORM orderings), `?sort=key` sorts ascending and
`?sort=-key` descending, and a tiebreak keeps the order (and so the pages) stable."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import F, OrderBy, QuerySet
from django.db.models.expressions import BaseExpression
from django.http import QueryDict

PARAM = "sort"


def _ordered(term: str | BaseExpression, descending: bool) -> OrderBy:
    """One ordering term turned the asked way; a leading "-" in the list's own ordering stays a
    reversal of the key's direction (so "-score" is the best first when the key ascends)."""
    if isinstance(term, str):
        reversed_ = term.startswith("-")
        expression: BaseExpression = F(term.removeprefix("-"))
    else:
        reversed_, expression = False, term
    if reversed_ != descending:
        return expression.desc(nulls_last=True)
    return expression.asc(nulls_last=True)


@dataclass(frozen=True)
class Sorted:
    """How a page's list is sorted: the chosen key and direction, and the query its header links
    keep (the filters, without the sort and the page: a new order starts on page one)."""

    key: str
    descending: bool
    query: str

    @property
    def value(self) -> str:
        return f"-{self.key}" if self.descending else self.key


class Sorting:
    """The sort keys of one list: `keys` maps each key of `?sort=` to the orderings it stands for
    (field names, "-" for a reversed one, or expressions): the first is the column and turns with
    the direction asked for, the others order rows equal on it and stay as written (names A to
    Z under either direction of a score). `default` is the value used when none or an unknown one
    is asked for. `tiebreak` ends every ordering, so rows equal on everything keep one order
    across pages."""

    def __init__(
        self,
        keys: Mapping[str, Iterable[str | BaseExpression]],
        *,
        default: str,
        tiebreak: Iterable[str] = ("pk",),
    ) -> None:
        self.keys = {key: tuple(ordering) for key, ordering in keys.items()}
        self.default = default
        self.tiebreak = tuple(tiebreak)
        if default.removeprefix("-") not in self.keys:
            raise ValueError(f"The default sort {default!r} is none of the keys.")

    def chosen(self, query: QueryDict, page: str = "page") -> Sorted:
        """The sort `query` asks for; an unknown key is the default, never an error. The headers'
        links leave out the list's page (`page`: its name on a page of several lists)."""
        asked = query.get(PARAM, "") or self.default
        if asked.removeprefix("-") not in self.keys:
            asked = self.default
        kept = query.copy()
        for name in (PARAM, page):
            kept.pop(name, None)
        return Sorted(asked.removeprefix("-"), asked.startswith("-"), kept.urlencode())

    def order(self, queryset: QuerySet, sorted_: Sorted) -> QuerySet:
        column, *ties = self.keys[sorted_.key]
        terms = [_ordered(column, sorted_.descending), *(_ordered(term, False) for term in ties)]
        return queryset.order_by(*terms, *self.tiebreak)

    def apply(self, queryset: QuerySet, query: QueryDict) -> tuple[QuerySet, Sorted]:
        """`queryset` in the order `query` asks for, and how it is sorted (for the headers)."""
        sorted_ = self.chosen(query)
        return self.order(queryset, sorted_), sorted_
