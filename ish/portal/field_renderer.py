"""How every form field of the portal is drawn (django-bootstrap5's renderer, set in settings):
an error is marked, a success never; what a field is needed for; its length limit with a counter."""

from django.forms import Textarea
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django_bootstrap5.renderers import FieldRenderer as BootstrapFieldRenderer

# A counter under every name and address field would crowd the forms for limits nobody types
# into; shorter fields keep their limit (refused by the server, with its message) uncounted.
COUNTED_FROM = 200


class FieldRenderer(BootstrapFieldRenderer):
    def get_server_side_validation_classes(self) -> str:
        # Bootstrap's green tick on every field without an error would also mark fields nobody
        # touched and values no rule could judge yet; only errors are marked.
        return "is-invalid" if self.field_errors else ""

    def get_wrapper_classes(self) -> str:
        classes = super().get_wrapper_classes()
        return f"{classes} required-to-submit" if self.needed_to_submit else classes

    @property
    def needed_to_submit(self) -> bool:
        """Required to submit, though not to save (a nomination's draft; a student's answer
        needs some to confirm): the form's `required_to_submit` names those fields, and its
        `submit_mark` (if any) words the mark for what they are needed for."""
        form = self.field.form
        return self.field.name in getattr(form, "required_to_submit", ()) and not (
            self.field.field.required
        )

    def get_label_html(self, horizontal: bool = False) -> SafeString:
        label = super().get_label_html(horizontal)
        if not (self.needed_to_submit and label):
            return label
        # Beside the label, not in it: the field's name stays its name; the mark describes it.
        return format_html(
            '{} <span class="badge submit-mark" id="{}">{}</span>',
            label,
            self.submit_mark_id,
            getattr(self.field.form, "submit_mark", None) or _("required to submit"),
        )

    @property
    def submit_mark_id(self) -> str:
        return f"{self.field.auto_id}_submit"

    @property
    def limit(self) -> int | None:
        """The length limit the counter shows, if the field gets one."""
        limit = self.widget.attrs.get("data-maxlength")
        if limit is None:
            return None
        counted = isinstance(self.widget, Textarea) or int(limit) >= COUNTED_FROM
        return int(limit) if counted else None

    def get_field_html(self) -> SafeString:
        more = []
        if self.needed_to_submit:
            more.append(self.submit_mark_id)
        if self.limit:
            more.append(f"{self.field.auto_id}_count")
        if more:
            described = self.widget.attrs.get("aria-describedby") or self.field.aria_describedby
            self.widget.attrs["aria-describedby"] = " ".join([*filter(None, [described]), *more])
        return super().get_field_html()

    def get_help_html(self) -> SafeString:
        help_html = super().get_help_html()
        if not self.limit:
            return help_html
        counter = render_to_string(
            "components/character_count.html",
            {"id": self.field.auto_id, "limit": self.limit},
        )
        return format_html("{}{}", help_html, counter)
