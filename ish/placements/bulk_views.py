"""The office's bulk action on the placements board: the selected proposals offered to their
labs, after a page that says how many, with a result per proposal. Each is offered by
services.perform, as the board's own "Offer" button does, under the same rules."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ish import bulk
from ish.accounts.decorators import organiser_required
from ish.notifications.summary import mails_written
from ish.placements import services
from ish.placements.models import Placement
from ish.placements.selectors import placements_visible_to

OFFER = "offer"


def _label(placement: Placement) -> str:
    return _("%(student)s in %(lab)s") % {
        "student": placement.nomination.full_name,
        "lab": placement.lab.name,
    }


@require_POST
@organiser_required
def offer_selected(request: HttpRequest) -> HttpResponse:
    def offer(placement: Placement) -> str:
        result = services.transition(placement, OFFER, actor=request.user)
        if result.emails:
            return _("Offered.") + " " + mails_written(result.emails)
        return _("Offered, but %(lab)s has no host account: nobody is e-mailed.") % {
            "lab": result.placement.lab.name
        }

    action = bulk.Action(
        name=OFFER,
        title=_("Offer the selected proposals"),
        question=lambda count: (
            ngettext(
                "Offer %(count)d proposal to its lab?",
                "Offer %(count)d proposals to their labs?",
                count,
            )
            % {"count": count}
        ),
        explanation=_(
            "The hosts of each lab are e-mailed about its offer. A placement that is no "
            "longer a proposal is skipped."
        ),
        row_label=_("Placement"),
        label=_label,
        act=offer,
    )
    visible = placements_visible_to(request.user).select_related("nomination")
    return bulk.ask_then_do(request, action, visible, fallback=reverse("placements:board"))
