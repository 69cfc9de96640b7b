"""The one way a portal list is cut into pages: the page a request asks for, and the query its
links keep (the filters, and the pages of the page's other lists)."""

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.http import QueryDict


def page_of(items: Sequence, size: int, query: QueryDict, param: str = "page") -> Page:
    """The page of `items` that `query[param]` names (the first, or the last when past the end);
    `page.query` is `query` without `param` and `page.param` its name, for
    templates/includes/pagination.html."""
    page = Paginator(items, size).get_page(query.get(param))
    kept = query.copy()
    kept.pop(param, None)
    page.param = param
    page.query = kept.urlencode()
    return page
