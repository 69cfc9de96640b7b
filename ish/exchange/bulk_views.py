"""The office's bulk action on the pre-departure page: one checklist item marked done today for
each selected candidate, after a page that says how many, with a result per candidate. Each is
saved by checklist.update_travel, as the candidate's own "Today" button saves it."""

from django import forms
from django.http import HttpRequest, HttpResponse
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
    form = ItemForm(request.POST)
    action = _tick_action(form.cleaned_data["item"], request.user) if form.is_valid() else None
    # The candidates the page shows: selected for the NYSF and not withdrawn.
    visible = applications_visible_to(request.user).filter(status__in=Application.TRAVELLING)
    return bulk.ask_then_do(request, action, visible, fallback=reverse("exchange:departures"))


def _tick_action(item: str, actor: User) -> bulk.Action:
    """One checklist item marked done today for each candidate."""
    item_label = dict(item_choices())[item]
    today = timezone.localdate()

    def tick(application: Application) -> str:
        done_on = getattr(application, item)
        if done_on is not None:
            # Today's date would overwrite the day it was really done.
            raise RuleViolation(
                _("Marked done already, on %(date)s.") % {"date": formats.date_format(done_on)}
            )
        checklist.update_travel(application, actor=actor, **{item: today})
        return _("Marked done on %(date)s.") % {"date": formats.date_format(today)}

    return bulk.Action(
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
