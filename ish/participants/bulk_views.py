"""The office's bulk actions on the nominations list: a new self-service link for each selected
student, after a page that says how many, with a result per student. Each link is sent by
ish.participants.links, as the arrivals page's button sends one."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ish import bulk
from ish.accounts.decorators import organiser_required
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.participants import links

LINKS = "links"


def _send_link(nomination: Nomination) -> str:
    links.send_link(nomination, resend=True)
    return _("A new link is on its way to %(email)s.") % {"email": nomination.email}


@require_POST
@organiser_required
def nomination_bulk(request: HttpRequest) -> HttpResponse:
    action = bulk.Action(
        name=LINKS,
        title=_("Send self-service links"),
        question=lambda count: (
            ngettext(
                "Send a new self-service link to %(count)d student?",
                "Send a new self-service link to %(count)d students?",
                count,
            )
            % {"count": count}
        ),
        explanation=_(
            "Each link sent before stops working. Students who hold no place or have no "
            "e-mail address are skipped."
        ),
        row_label=_("Student"),
        label=lambda nomination: nomination.full_name,
        act=_send_link,
    )
    visible = nominations_visible_to(request.user)
    return bulk.ask_then_do(request, action, visible, fallback=reverse("nominations:list"))
