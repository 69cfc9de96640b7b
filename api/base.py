"""Pieces every API module shares: scoped viewsets and serializers that apply the model's rules."""

from collections.abc import Callable
from copy import copy
from datetime import date, datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.encoding import smart_str
from django.utils.translation import gettext as _
from django_countries import serializer_fields as django_countries_fields
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.rows import Formats
from ish.history import COMMENT_MAX_LENGTH
from ish.uploads import ALLOWED_TYPES, StoredDocument
from ish.workflow import Workflow

# A stored document is served as the type its content was checked to be when it was uploaded.
DOCUMENT_DOWNLOAD = {(200, content_type): OpenApiTypes.BINARY for content_type in ALLOWED_TYPES}

# What an id or a slug in a URL may look like (digits; Django's slug characters): anything else,
# `abc` for an id, is a 404 at once, before it reaches a query that would fail on it.
ID_LOOKUP_REGEX = r"[0-9]+"
SLUG_LOOKUP_REGEX = r"[-a-zA-Z0-9_]+"


class ScopedQuerysetMixin:
    """Reads go through the area's selector, the one place that scopes rows by role. Objects are
    named by id (digits only), so the routes of extra actions under an object
    (`…/{id}/documents/{document_id}/download/`) take digits only too."""

    selector: Callable[..., QuerySet]
    lookup_value_regex = ID_LOOKUP_REGEX

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return self.get_serializer_class().Meta.model.objects.none()
        return type(self).selector(self.request.user)


# The years a date or date-time of the API may lie in: outside them it is a typo or a probe. (Before
# 1893, Berlin's clocks ran on local mean time, whose offset +00:53:28 no client would parse.)
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


def _check_year(value: date) -> None:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            _("Give a date between the years %(earliest)d and %(latest)d.")
            % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
        )


class DateField(serializers.DateField):
    """A date (`YYYY-MM-DD`) within the API's years."""

    def to_internal_value(self, value) -> date:
        parsed = super().to_internal_value(value)
        _check_year(parsed)
        return parsed


class DateTimeField(serializers.DateTimeField):
    """A date-time (ISO 8601 with an offset) within the API's years."""

    def to_internal_value(self, value) -> datetime:
        parsed = super().to_internal_value(value)
        _check_year(parsed)
        return parsed


class CountryField(django_countries_fields.CountryField):
    """A country by its ISO 3166-1 alpha-2 code, as the schema's enum says. django-countries' field
    would also take a name, or an object (`{}` as no country at all)."""

    def to_internal_value(self, data) -> str:
        if not isinstance(data, str) or (data and data not in self.choices):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class ModelSerializer(serializers.ModelSerializer):
    """The API's ModelSerializer: a model's dates and date-times are the API's fields above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: DateField,
        models.DateTimeField: DateTimeField,
    }


class ModelRulesSerializer(ModelSerializer):
    """Runs the model's clean() and constraints, so the API, the admin and the portal agree."""

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        instance = copy(self.instance) if self.instance else self.Meta.model()
        concrete = {field.name for field in instance._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        try:
            instance.clean()
            instance.validate_constraints()
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from None
        return attrs


class SlugRelatedField(serializers.SlugRelatedField):
    """Refers to a city or research field by slug. A NUL character is refused here, as a slug
    that does not exist: PostgreSQL rejects it in a query, which would otherwise be a 500."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=smart_str(data))
        return super().to_internal_value(data)


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class AvailableActionsField(serializers.Field):
    """The actions the caller may take on the object now, as the portal offers them (the
    workflow's one derivation); `POST …/{id}/<action>/` takes one, and is checked again."""

    def __init__(self, workflow: Workflow, **kwargs):
        self.workflow = workflow
        kwargs.setdefault("help_text", self.__doc__.split(";")[0].strip())
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj) -> list[str]:
        return self.workflow.names_available(obj, self.context["request"].user)


# A stored document with the address it is downloaded from (through the caller's rights). No
# docstring: the OpenAPI schema would show it on every document serializer built on this one.
class StoredDocumentSerializer(ModelSerializer):
    download_route: str  # the name of the URL that takes the owner's id and the document's id
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document: StoredDocument) -> str:
        request = self.context.get("request")
        if request is None:
            return reverse(self.download_route, args=[document.owner_id, document.pk])
        # One Formats per serializer tree (the context is the root's): one reverse() per list.
        formats = self.context.setdefault("formats", Formats(request))
        return formats.download_url(self.download_route, document.owner_id, document.pk)


class CommentSerializer(serializers.Serializer):
    """The body of a transition: an optional comment, kept in the history (and mailed with a
    decision where the area mails one)."""

    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX_LENGTH)


class TransitionsMixin:
    """The `POST …/{id}/<action>/` endpoints of an area's workflow: the body is checked, the
    area's `perform(obj, action, actor=…, **body)` takes the transition under its rules, and the
    answer is the object as the caller sees it now."""

    transition_body: type[serializers.Serializer] = CommentSerializer

    def transition(self, request, action_name: str, perform) -> "Response":
        obj = self.get_object()
        body = self.transition_body(data=request.data)
        body.is_valid(raise_exception=True)
        perform(obj, action_name, actor=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=obj.pk)).data)
