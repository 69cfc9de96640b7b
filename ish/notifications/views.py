"""The organiser's e-mail log: every message, its rendered view and "resend" for failed ones."""

import base64
import hashlib
from html.parser import HTMLParser

from csp.constants import UNSAFE_HASHES
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required
from ish.bidi import isolated
from ish.list_pages import render_list
from ish.notifications import services
from ish.notifications.filters import EmailFilter
from ish.notifications.selectors import emails_visible_to
from ish.pagination import page_of
from ish.sorting import Sorting

# The column headers' sorts; the newest first unless asked otherwise.
SORTING = Sorting(
    {
        "created": ("created_at",),
        "to": ("to", "-created_at"),
        "subject": ("subject", "-created_at"),
        "event": ("event", "-created_at"),
        "status": ("status", "-created_at"),
        "attempts": ("attempts", "-created_at"),
    },
    default="-created",
    tiebreak=("-pk",),
)


@organiser_required
def email_list(request: HttpRequest) -> HttpResponse:
    email_filter = EmailFilter(request.GET, queryset=emails_visible_to(request.user))
    emails, sorted_ = SORTING.apply(email_filter.qs, request.GET)
    page = page_of(emails, 50, request.GET)
    return render_list(
        request,
        "notifications/email_list.html",
        "notifications/_email_results.html",
        {"filter": email_filter, "page": page, "sorted": sorted_},
    )


@organiser_required
def email_detail(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(emails_visible_to(request.user), pk=pk)
    response = render(request, "notifications/email_detail.html", {"email": email})
    # The message is shown in a sandboxed frame of this page (srcdoc), under this page's
    # Content-Security-Policy; mail programs need its inline styles, so exactly those style
    # attributes are allowed, by their hashes (django-csp's csp_update decorator sets the same
    # attribute, for a policy that cannot depend on the response).
    response._csp_update = {"style-src-attr": [UNSAFE_HASHES, *_style_hashes(email.body_html)]}
    return response


class _StyleAttributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.values: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values.update(value for name, value in attrs if name == "style" and value)


def _style_hashes(html: str) -> list[str]:
    """The CSP source of each distinct style attribute in `html`, as a browser reads it."""
    parser = _StyleAttributes()
    parser.feed(html)
    parser.close()
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(value.encode()).digest()).decode()}'"
        for value in sorted(parser.values)
    ]


@require_POST
@organiser_required
def email_resend(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(emails_visible_to(request.user), pk=pk)
    try:
        services.resend(email)
    except services.ResendRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("The e-mail to %(to)s will be sent again.") % {"to": isolated(email.to)}
        )
    return redirect("notifications:email_detail", pk=email.pk)
