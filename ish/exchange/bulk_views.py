"""The office's bulk action on the pre-departure page: one item of the shown programme's
checklist marked done today for each selected candidate of that programme, after a page that
says how many, with a result per candidate. Each is saved by checklist.mark_done, as the
candidate's own "Today" button saves it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ish import bulk
from ish.accounts.decorators import organiser_required
from ish.accounts.models import User
from ish.errors import RuleViolation
from ish.exchange import checklist
from ish.exchange.models import NYSF, Application, OutboundProgramme
from ish.exchange.selectors import applications_visible_to, programmes_visible_to

TICK = "tick"


def item_label(item: checklist.Item) -> str:
    """An item as the pre-departure page names it: an NYSF item by its column's name."""
    if item.field:
        return capfirst(Application._meta.get_field(item.field).verbose_name)
    return item.text


def item_choices(programme: OutboundProgramme) -> list[tuple[str, str]]:
    """The programme's items the bulk action offers, by key."""
    return [(item.key, item_label(item)) for item in checklist.tickable_items(programme)]


@require_POST
@organiser_required
def tick_selected(request: HttpRequest) -> HttpResponse:
    """The form names the programme shown (its slug; the NYSF without one) and one of its
    items; a wrong one goes back to the page with a message naming the field."""
    slug = request.POST.get("programme") or NYSF
    programme = programmes_visible_to(request.user).filter(slug=slug).first()
    if programme is None:
        return _refused(
            request, _("Programme: there is no programme “%(value)s”.") % {"value": slug}
        )
    wanted = request.POST.get("item", "")
    item = next((item for item in checklist.tickable_items(programme) if item.key == wanted), None)
    if item is None:
        return _refused(
            request,
            _("Checklist item: choose one of the items of the %(programme)s checklist.")
            % {"programme": programme.name},
        )
    # The candidates the page shows: selected for a programme and not withdrawn; those of
    # another programme than the item's are skipped, each saying so.
    visible = (
        applications_visible_to(request.user)
        .filter(status__in=Application.TRAVELLING)
        .prefetch_related(None)
    )
    action = _tick_action(programme, item, request.user)
    return bulk.ask_then_do(request, action, visible, fallback=reverse("exchange:departures"))


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect(bulk.back_url(request, reverse("exchange:departures")))


def _tick_action(programme: OutboundProgramme, item: checklist.Item, actor: User) -> bulk.Action:
    """One checklist item marked done today for each candidate of the programme."""
    label = item_label(item)
    today = timezone.localdate()

    def tick(application: Application) -> str:
        if application.programme_id != programme.pk:
            raise RuleViolation(
                _("Not a candidate of %(programme)s.") % {"programme": programme.name}
            )
        done_on = checklist.done_on(application, item)
        if done_on is not None:
            # Today's date would overwrite the day it was really done.
            raise RuleViolation(
                _("Marked done already, on %(date)s.") % {"date": formats.date_format(done_on)}
            )
        checklist.mark_done(application, item, day=today, actor=actor)
        return _("Marked done on %(date)s.") % {"date": formats.date_format(today)}

    return bulk.Action(
        name=TICK,
        title=_("Mark “%(item)s” done today") % {"item": label},
        question=lambda count: (
            ngettext(
                "Mark “%(item)s” done today for %(count)d candidate?",
                "Mark “%(item)s” done today for %(count)d candidates?",
                count,
            )
            % {"item": label, "count": count}
        ),
        explanation=_(
            "Candidates of another programme and those for whom it is marked done already "
            "are skipped."
        ),
        row_label=_("Candidate"),
        label=lambda application: application.full_name,
        act=tick,
        extra=(("programme", programme.slug), ("item", item.key)),
    )
