"""The organiser's e-mail log: every message, its rendered view and "resend" for failed ones."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ish.accounts.decorators import organiser_required
from ish.notifications import services
from ish.notifications.filters import EmailFilter
from ish.notifications.selectors import emails_visible_to


@organiser_required
def email_list(request: HttpRequest) -> HttpResponse:
    email_filter = EmailFilter(request.GET, queryset=emails_visible_to(request.user))
    page = Paginator(email_filter.qs.order_by("-created_at", "-id"), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/email_list.html",
        {"filter": email_filter, "page": page, "query": query.urlencode()},
    )


@organiser_required
def email_detail(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(emails_visible_to(request.user), pk=pk)
    return render(request, "notifications/email_detail.html", {"email": email})


@require_POST
@organiser_required
def email_resend(request: HttpRequest, pk: int) -> HttpResponse:
    email = get_object_or_404(emails_visible_to(request.user), pk=pk)
    try:
        services.resend(email)
    except services.ResendRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The e-mail to %(to)s will be sent again.") % {"to": email.to})
    return redirect("notifications:email_detail", pk=email.pk)
