"""How every form field of the portal is drawn (django-bootstrap5's renderer, set in settings):
an error is marked, a success never; what a field is needed for; its length limit with a counter."""

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django_bootstrap5.renderers import FieldRenderer as BootstrapFieldRenderer


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
        """Required to submit, though not to save (a nomination's draft): the form's
        `required_to_submit` names those fields."""
        form = self.field.form
        return self.field.name in getattr(form, "required_to_submit", ()) and not (
            self.field.field.required
        )

    def get_label_html(self, horizontal: bool = False) -> SafeString:
        if self.needed_to_submit and self.show_label is True:
            self.label = format_html(
                '{} <span class="badge submit-mark">{}</span>', self.label, _("required to submit")
            )
        return super().get_label_html(horizontal)

    @property
    def limit(self) -> str | None:
        return self.widget.attrs.get("data-maxlength")

    def get_field_html(self) -> SafeString:
        if self.limit:
            described = [self.widget.attrs.get("aria-describedby") or self.field.aria_describedby]
            self.widget.attrs["aria-describedby"] = " ".join(
                [*filter(None, described), f"{self.field.auto_id}_count"]
            )
        return super().get_field_html()

    def get_help_html(self) -> SafeString:
        help_html = super().get_help_html()
        if not self.limit:
            return help_html
        counter = render_to_string(
            "components/character_count.html",
            {"id": self.field.auto_id, "limit": int(self.limit)},
        )
        return format_html("{}{}", help_html, counter)
