"""The read path of the API's lists: a page of rows read with `.values()` and written in the shape
the serializers give it, without a model instance or a serializer field per row.

The serializers stay the contract (writes, single objects, the OpenAPI schema); a list writes each
value exactly as their fields would, with what that needs (the time zone, the address of a
download) looked up once per request.
"""

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from django.db.models import CharField, ExpressionWrapper, F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django_countries import countries
from rest_framework.request import Request
from rest_framework.response import Response

# Ids no database hands out, to find where a download's address puts the owner and the document.
_OWNER_MARK, _DOCUMENT_MARK = "9081726354", "9182736455"


def as_stored(lookup: str) -> ExpressionWrapper:
    """A column's stored text. A phone number is stored as E.164 (or, if it is no valid number,
    as typed), which is what its serializer field writes (PHONENUMBER_DB_FORMAT and
    PHONENUMBER_DEFAULT_FORMAT are both left at E.164); the model field would parse each one it
    reads."""
    return ExpressionWrapper(F(lookup), output_field=CharField())


class Formats:
    """How one response writes the values of its rows, as DRF's fields write them."""

    def __init__(self, request: Request):
        self.request = request
        self.user = request.user
        self._zone = timezone.get_current_timezone()
        self._downloads: dict[str, tuple[str, str, str]] = {}
        self._countries: dict[str, str] = {}

    def datetime(self, value: dt.datetime | None) -> str | None:
        """DateTimeField: ISO 8601 in the current time zone, `Z` for UTC."""
        if value is None:
            return None
        text = value.astimezone(self._zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    @staticmethod
    def date(value: dt.date | None) -> str | None:
        """DateField: ISO 8601."""
        return value.isoformat() if value else None

    def country(self, code: str | None) -> str:
        """django-countries' CountryField: the alpha-2 code, "" for none or an unknown one."""
        if code is None:
            return ""
        if code not in self._countries:
            self._countries[code] = countries.alpha2(code)
        return self._countries[code]

    def download_url(self, route: str, owner_id: int, pk: int) -> str:
        """The absolute address of a stored document's download (the URL named `route` takes
        the owner's id and the document's), reversed once per response."""
        parts = self._downloads.get(route)
        if parts is None:
            marked = self.request.build_absolute_uri(
                reverse(route, args=[_OWNER_MARK, _DOCUMENT_MARK])
            )
            before, rest = marked.split(_OWNER_MARK)
            between, after = rest.split(_DOCUMENT_MARK)
            parts = self._downloads[route] = (before, between, after)
        return f"{parts[0]}{owner_id}{parts[1]}{pk}{parts[2]}"

    def memoised(self, compute: Callable[..., list]) -> Callable[..., list]:
        """`compute` remembered by its arguments for this response (e.g. the actions a user may
        take on an object, which depend on its status and scope only)."""
        known: dict[tuple, list] = {}

        def remembered(*key) -> list:
            if key not in known:
                known[key] = compute(*key)
            return list(known[key])

        return remembered


class Rows(Protocol):
    """What a list reads of each row (`read`: the filtered, ordered queryset as values) and how
    it writes a page of them (`write`)."""

    def read(self, queryset: QuerySet) -> QuerySet: ...

    def write(self, rows: list[dict]) -> list[dict]: ...


# `list()` on the read path: filters, ordering and pages as DRF's, the page read and written by
# the `Rows` that `list_rows(formats)` gives. No docstring: the OpenAPI schema would show it as
# the description of the viewsets' operations.
class RowsListMixin:
    def list_rows(self, formats: Formats) -> Rows:
        raise NotImplementedError

    def list(self, request: Request, *args, **kwargs) -> Response:
        rows = self.list_rows(Formats(request))
        # The rows' related data is read by `rows`, as values, not prefetched as objects.
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        page = self.paginate_queryset(_Paged(queryset, rows))
        if page is None:
            return Response(rows.write(list(rows.read(queryset))))
        return self.get_paginated_response(rows.write(list(page)))


class _Paged:
    """The filtered, ordered rows as the paginator takes them: counted without the joins the
    values need (a city's slug, a season's first day), and a page sorted by its ids alone before
    its values are read, so that the database sorts every row narrow, not with all its columns
    (one query: the page's ids are a subquery)."""

    def __init__(self, queryset: QuerySet, rows: Rows):
        self.queryset, self.rows = queryset, rows
        self.ordered = queryset.ordered  # the paginator warns of an unordered list

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> list[dict]:
        if self.queryset.query.distinct:  # its ids would be selected with the sorted columns
            return list(self.rows.read(self.queryset)[index])
        page = self.queryset.values("pk")[index]
        return list(self.rows.read(self.queryset.filter(pk__in=page)))
