"""The alumnus's consent form and survey form, and the office's group mail and survey forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ish.alumni.models import CONSENT_WORDING, Alumnus, Question, Survey

Field = Alumnus.Field
KEEP_LABELS = {
    Field.NAME: _("Keep my name"),
    Field.CITY: _("Keep my city"),
    Field.LAB: _("Keep the lab I worked in"),
    Field.EMAIL: _("Keep my e-mail address, so that the ISH office can write to me"),
    Field.LATER_STUDIES: _("Keep what I write about my later studies"),
}


class ConsentForm(forms.Form):
    """A box per field the alumnus may keep (those no longer available are shown disabled), the
    later studies as text, and the agreement itself."""

    later_studies = forms.CharField(
        label=_("My later studies (what and where)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    agree = forms.BooleanField(label=CONSENT_WORDING, required=True)

    def __init__(self, alumnus: Alumnus, available: list[str], *args, **kwargs) -> None:
        initial = {f"keep_{name}": name in alumnus.consent for name in Field.values}
        initial["later_studies"] = alumnus.later_studies
        super().__init__(*args, initial=initial, **kwargs)
        boxes = {
            f"keep_{name}": forms.BooleanField(
                label=KEEP_LABELS[name], required=False, disabled=name not in available
            )
            for name in Field.values
        }
        self.fields = {**boxes, **self.fields}

    @property
    def boxes(self) -> list:
        return [self[f"keep_{name}"] for name in Field.values]

    def chosen(self) -> list[str]:
        return [name for name in Field.values if self.cleaned_data.get(f"keep_{name}")]


class SurveyForm(forms.Form):
    def __init__(self, survey: Survey, answers: dict[int, str], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        for question in survey.questions.all():
            name = f"q{question.pk}"
            if question.kind == Question.Kind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    required=False,
                    choices=[(c, c) for c in question.choice_list],
                    widget=forms.RadioSelect,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            self.initial[name] = answers.get(question.pk, "")

    def answers(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class GroupMailForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 10})
    )


class SurveyDetailsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}


class QuestionForm(forms.Form):
    """A row of the survey's questions; a new row left blank is no question."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Question.Kind.choices, initial=Question.Kind.TEXT
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        help_text=_("One choice a line (questions of one choice only)."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, can_delete=True)
