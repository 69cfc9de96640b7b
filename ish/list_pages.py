"""How a portal list page answers: the whole page, or only its list when htmx asks for it (a
filter changed, a header or page link followed), so the page is not loaded again."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def render_list(request: HttpRequest, template: str, partial: str, context: dict) -> HttpResponse:
    """`partial` (the list, with its counts and pages) for an htmx request, `template` (the page
    that includes it) otherwise. A history restore asks for the whole page, as a reload does."""
    htmx = getattr(request, "htmx", None)
    wants_list = bool(htmx) and not htmx.history_restore_request
    response = render(request, partial if wants_list else template, context)
    # The same address answers two ways: a cache must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
