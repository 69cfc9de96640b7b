"""The one way a portal list is cut into pages: the page a request asks for, and the query its
links keep (the filters, and the pages of the page's other lists)."""

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.http import QueryDict


def page_of(
    items: Sequence, size: int, query: QueryDict, param: str = "page", count: int | None = None
) -> Page:
    """The page of `items` that `query[param]` names (the first, or the last when past the end);
    `page.query` is `query` without `param` and `page.param` its name, for
    templates/includes/pagination.html. `count`, when the caller has counted the items already
    (with other figures, in one query), saves counting them again."""
    paginator = Paginator(items, size)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: this is its value
    page = paginator.get_page(query.get(param))
    kept = query.copy()
    kept.pop(param, None)
    page.param = param
    page.query = kept.urlencode()
    return page
