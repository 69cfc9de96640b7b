"""What every portal form does alike: a length limit is said beside the field and refused by the
server with a message naming the field, never cut by the browser, and a model form reports the
model's rules together with its own, in one round."""

import copy

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.models import construct_instance
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

TOO_LONG = gettext_lazy(
    "“%(field)s” may have at most %(limit_value)s characters; this text has %(show_value)s."
)


def say_length_limits(form: forms.BaseForm) -> None:
    """Each text field's limit as `data-maxlength` (a counter shows it) instead of `maxlength`,
    which makes a browser cut a pasted text without a word; the server refuses it instead, with a
    message naming the field and the limit."""
    for field in form.fields.values():
        limit = field.widget.attrs.pop("maxlength", None)
        if limit is None or getattr(field, "max_length", None) is None:
            continue
        field.widget.attrs["data-maxlength"] = limit
        # The message is formatted with the validator's numbers later; the label now, escaped.
        label = str(capfirst(field.label or "")).replace("%", "%%")
        field.error_messages["max_length"] = gettext(TOO_LONG).replace("%(field)s", label)


class LengthLimits:
    """A form whose text fields say their limits (see `say_length_limits`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_length_limits(self)


class ServiceErrors:
    """Puts a service's ValidationError on the fields it names; other names go above the form."""

    # The services' names for what this form shows under another name.
    error_fields: dict[str, str] = {}

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = self.error_fields.get(name, name)
            self.add_error(field if field in self.fields else None, errors)


class OneRound(ServiceErrors, LengthLimits):
    """A model form that reports every error at once: besides its own fields' errors, the model's
    rules (its fields' validators, its `clean`, its constraints) on what could be read, and the
    area's further rules (`more_errors`). The service checks them all again under its lock when
    it saves; here they are checked on a copy, so that a refused form leaves the instance as it
    was (a valid one carries the values, as any model form's does).

    `checked_with_instance` names the fields the view sets on the instance rather than the form
    (the season of a new draft), checked as well so that the rules reading them are."""

    checked_with_instance: tuple[str, ...] = ()

    def _post_clean(self) -> None:
        opts = self._meta
        exclude = self._get_validation_exclusions() - set(self.checked_with_instance)
        instance = copy.copy(self.instance)
        try:
            instance = construct_instance(self, instance, opts.fields, opts.exclude)
        except ValidationError as error:
            self.add_rule_errors(error)
            return
        # A field the form refused is left unknown, not at its earlier value: a rule across
        # fields must not judge what the reader is replacing.
        for name in self.errors:
            try:
                field = instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if getattr(field, "concrete", False) and not field.many_to_many:
                setattr(instance, field.attname, field.get_default())
        self.prepare_instance(instance)
        try:
            instance.full_clean(exclude=exclude)
        except ValidationError as error:
            self.add_rule_errors(error)
        more = self.more_errors(instance)
        if more:
            self.add_rule_errors(ValidationError(more))
        if not self.errors:  # what `save()` stores, as a model form's instance would carry
            self.instance = instance

    def prepare_instance(self, instance: models.Model) -> None:
        """Set on the copy what the form parsed outside the model's fields (a hook)."""

    def more_errors(self, instance: models.Model) -> dict:
        """The area's rules beyond the model's, {field name: messages} (a hook)."""
        return {}

    def add_rule_errors(self, error: ValidationError) -> None:
        """Each message beside the field it names, unless that field has one already; a name the
        form does not show goes above the form."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            field = self.error_fields.get(name, name)
            if field in self.fields:
                if field not in self.errors:
                    self.add_error(field, errors)
            else:
                self.add_error(None, errors)
