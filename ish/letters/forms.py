"""The office's forms for its letters: settings (signatories, signature images, letterhead,
addresses) and the wording of one kind of document in one language."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ish.forms import LengthLimits
from ish.letters.models import LetterSettings, LetterText
from ish.uploads import check_upload

# A signature is a small picture; the documents inline it.
MAX_SIGNATURE_BYTES = 2 * 1024 * 1024
IMAGE_TYPES = {"image/png", "image/jpeg"}


def checked_signature(upload, field: str):
    """A PNG or JPEG by content, at most 2 MB, stored under a private, unguessable name."""
    if upload.size > MAX_SIGNATURE_BYTES:
        raise ValidationError(_("A signature image may have at most 2 MB."))
    checked = check_upload(upload, field)  # empty files, and the type by content
    if checked.content_type not in IMAGE_TYPES:
        raise ValidationError(_("Upload the signature as a PNG or JPEG image."))
    upload.name = checked.filename
    return upload


class LetterSettingsForm(LengthLimits, forms.ModelForm):
    class Meta:
        model = LetterSettings
        fields = [
            "signatory_name",
            "signatory_title",
            "signature",
            "second_signatory_name",
            "second_signatory_title",
            "second_signature",
            "letterhead",
            "host_address",
            "office_contact",
            "costs_covered",
            "attach_acceptance_letter",
        ]
        widgets = {
            "letterhead": forms.Textarea(attrs={"rows": 3}),
            "host_address": forms.Textarea(attrs={"rows": 3}),
            "office_contact": forms.Textarea(attrs={"rows": 2}),
            "costs_covered": forms.Textarea(attrs={"rows": 3}),
            "signature": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
            "second_signature": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
        }

    def clean_signature(self):
        return self._image("signature")

    def clean_second_signature(self):
        return self._image("second_signature")

    def _image(self, name: str):
        value = self.cleaned_data.get(name)
        if value and value is not getattr(self.instance, name) and hasattr(value, "size"):
            try:
                return checked_signature(value, name)
            except ValidationError as error:
                messages = error.message_dict.get(name) if hasattr(error, "error_dict") else None
                raise ValidationError(messages or error.messages) from error
        return value


class LetterTextForm(LengthLimits, forms.ModelForm):
    class Meta:
        model = LetterText
        fields = ["title", "opening", "body", "closing"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
