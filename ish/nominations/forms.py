"""The portal's forms for nominations: they parse input and report every rule they can check in
one round; the services check the rules again when they save, and their errors are put back on
the fields they name."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ish.accounts.models import User
from ish.forms import OneRound, ServiceErrors
from ish.nominations import services
from ish.nominations.models import Document, Nomination
from ish.nominations.selectors import SENSITIVE_FIELDS, may_see_sensitive
from ish.seasons.models import City, ResearchField, Season
from ish.workflow import ActionForm

PERSONAL_FIELDS = (
    "given_name", "family_name", "date_of_birth", "gender", "email", "phone", "nationality",
    "language",
)  # fmt: skip
SCHOOL_FIELDS = ("school", "graduation_year", "english_level", "german_level")
INTEREST_FIELDS = ("interest_1", "interest_2", "interest_3")


class NominationForm(OneRound, forms.ModelForm):
    """A nomination's data; `season` and `city` are asked for only when an organiser creates one
    (a coordinator's new draft gets them on its instance from the view)."""

    season = forms.ModelChoiceField(label=_("Season"), queryset=Season.objects.all())
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all())
    interest_1 = forms.ModelChoiceField(
        label=_("First research interest"), queryset=ResearchField.objects.all(), required=False
    )
    interest_2 = forms.ModelChoiceField(
        label=_("Second research interest"), queryset=ResearchField.objects.all(), required=False
    )
    interest_3 = forms.ModelChoiceField(
        label=_("Third research interest"), queryset=ResearchField.objects.all(), required=False
    )
    error_fields = {"research_interests": "interest_1"}
    required_css_class = "required"
    # A draft is saved with less; these are marked apart, as needed to submit it (the rule is
    # the service's: missing_items).
    required_to_submit = frozenset([*services.REQUIRED_TO_SUBMIT, "interest_1"])
    checked_with_instance = ("season", "city")

    class Meta:
        model = Nomination
        fields = [*PERSONAL_FIELDS, *SCHOOL_FIELDS, "motivation", *SENSITIVE_FIELDS]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "emergency_contact_phone": forms.TextInput(attrs={"type": "tel"}),
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "dietary_requirements": forms.Textarea(attrs={"rows": 2}),
            "medical_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, actor: User, ask_for_city: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if not ask_for_city:
            del self.fields["season"], self.fields["city"]
        if self.instance.pk:
            interests = list(self.instance.interests.all())
            for interest in interests:
                self.initial.setdefault(f"interest_{interest.rank}", interest.field)
        if not may_see_sensitive(actor):
            for name in SENSITIVE_FIELDS:
                del self.fields[name]

    def prepare_instance(self, instance: Nomination) -> None:
        for name in ("season", "city"):
            if self.cleaned_data.get(name):
                setattr(instance, name, self.cleaned_data[name])

    def more_errors(self, instance: Nomination) -> dict:
        if any(name in self.errors for name in INTEREST_FIELDS):
            return {}
        return services.interest_errors(self.interests())

    def interests(self) -> list[ResearchField]:
        return [self.cleaned_data[name] for name in INTEREST_FIELDS if self.cleaned_data.get(name)]

    def nomination_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}

    def save(self, *, season: Season | None = None, city: City | None = None) -> Nomination:
        """Create a draft through the services; ValidationError, RuleViolation may be raised.
        (Changes to a nomination go through ish.participants.services.update_details.)"""
        return services.create_nomination(
            actor=self.actor,
            season=self.cleaned_data.get("season", season),
            city=self.cleaned_data.get("city", city),
            interests=self.interests(),
            **self.nomination_fields(),
        )

    def fieldsets(self) -> list[tuple[str, list, bool]]:
        """The form's parts: title, fields and whether they are sensitive, one fieldset each."""
        groups = [
            (_("Season and city"), ("season", "city")),
            (_("Student"), PERSONAL_FIELDS),
            (_("School and languages"), SCHOOL_FIELDS),
            (_("Research interests, strongest first"), INTEREST_FIELDS),
            (_("Motivation"), ("motivation",)),
            (_("Sensitive data"), SENSITIVE_FIELDS),
        ]
        fieldsets = []
        for title, names in groups:
            # Short inputs first, then the text areas, so that the inputs pair up in rows.
            fields = sorted(
                (self[name] for name in names if name in self.fields),
                key=lambda field: isinstance(field.field.widget, forms.Textarea),
            )
            if fields:
                fieldsets.append((title, fields, names is SENSITIVE_FIELDS))
        return fieldsets


class DocumentUploadForm(ServiceErrors, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class DecisionForm(ActionForm):
    """A transition from the review page; accepting beyond the city's places must be meant."""

    over_quota = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, workflow=services.WORKFLOW, **kwargs)


class RankForm(forms.Form):
    """Move one nomination up or down, or (dragged) the new order as a list of ids: the whole
    order, or the order of one page of the list (`page`, its number)."""

    move = forms.IntegerField(required=False)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
    order = forms.CharField(required=False, max_length=5000)
    page = forms.IntegerField(required=False, min_value=1)

    def clean_order(self) -> list[int] | None:
        order = self.cleaned_data["order"]
        if not order:
            return None
        try:
            return [int(pk) for pk in order.split(",")]
        except ValueError:
            raise ValidationError(_("The order must list nomination ids.")) from None

    def clean(self) -> dict:
        data = super().clean()
        if data.get("order") is None and not (data.get("move") and data.get("direction")):
            raise ValidationError(_("Say which nomination to move, and where."))
        return data

    def new_order(self, current: list[int], page_size: int) -> list[int]:
        """The ids in their new order, given the current order and the list's page size. A
        page's order replaces that page's part of the current order if it lists exactly that
        part; any other order is returned as posted (the service refuses an incomplete one)."""
        if (order := self.cleaned_data["order"]) is not None:
            if page := self.cleaned_data.get("page"):
                start = (page - 1) * page_size
                part = current[start : start + page_size]
                if sorted(order) == sorted(part):
                    return current[:start] + order + current[start + page_size :]
            return order
        order = list(current)
        pk = self.cleaned_data["move"]
        if pk not in order:
            return order
        index = order.index(pk)
        other = index - 1 if self.cleaned_data["direction"] == "up" else index + 1
        if 0 <= other < len(order):
            order[index], order[other] = order[other], order[index]
        return order


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file"),
        help_text=_("The filled-in template (.xlsx). Either every row is imported, or none."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all())

    def __init__(self, *args, ask_for_city: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_for_city:
            del self.fields["city"]
