"""The office's bulk action on the pre-departure page: one checklist item marked done today for
each selected candidate, after a page that says how many, with a result per candidate. Each is
saved by checklist.update_travel, as the candidate's own "Today" button saves it."""

from django import forms
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
from ish.errors import RuleViolation
from ish.exchange import checklist
from ish.exchange.forms import TICKABLE
from ish.exchange.models import Application
from ish.exchange.selectors import applications_visible_to

TICK = "tick"


def item_choices() -> list[tuple[str, str]]:
    return [(name, capfirst(Application._meta.get_field(name).verbose_name)) for name in TICKABLE]


class ItemForm(forms.Form):
    item = forms.ChoiceField(choices=item_choices)


@require_POST
@organiser_required
def tick_selected(request: HttpRequest) -> HttpResponse:
    back = bulk.back_url(request, reverse("exchange:departures"))
    ids = bulk.selected_ids(request.POST)
    form = ItemForm(request.POST)
    if request.POST.get("action") != TICK or not ids or not form.is_valid():
        messages.error(request, _("Select at least one row, then an action."))
        return redirect(back)
    item = form.cleaned_data["item"]
    item_label = dict(item_choices())[item]
    today = timezone.localdate()
    # The candidates the page shows: selected for the NYSF and not withdrawn.
    visible = applications_visible_to(request.user).filter(status__in=Application.TRAVELLING)

    def tick(application: Application) -> str:
        done_on = getattr(application, item)
        if done_on is not None:
            # Today's date would overwrite the day it was really done.
            raise RuleViolation(
                _("Marked done already, on %(date)s.") % {"date": formats.date_format(done_on)}
            )
        checklist.update_travel(application, actor=request.user, **{item: today})
        return _("Marked done on %(date)s.") % {"date": formats.date_format(today)}

    action = bulk.Action(
        name=TICK,
        title=_("Mark “%(item)s” done today") % {"item": item_label},
        question=lambda count: (
            ngettext(
                "Mark “%(item)s” done today for %(count)d candidate?",
                "Mark “%(item)s” done today for %(count)d candidates?",
                count,
            )
            % {"item": item_label, "count": count}
        ),
        explanation=_("Candidates for whom it is marked done already are skipped."),
        row_label=_("Candidate"),
        label=lambda application: application.full_name,
        act=tick,
        extra=(("item", item),),
    )
    return bulk.ask_then_do(request, action, ids, visible, back)
