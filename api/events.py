"""API for the programme's events: the office writes them; coordinators and lab hosts read those
their participants attend, naming only the participants in their own scope."""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    ModelRulesSerializer,
    ScopedQuerysetMixin,
    SlugRelatedField,
)
from api.permissions import IsCoordinator, IsLabHost, IsOrganiser, ReadOnly
from ish.filters import VisibleChoiceFilter
from ish.labs.models import Lab
from ish.nominations.models import Nomination
from ish.programme import services
from ish.programme.audiences import lists_of, participants_in_scope
from ish.programme.clashes import clashes, warning_texts
from ish.programme.models import Event
from ish.programme.selectors import day_bounds, events_visible_to
from ish.seasons.models import City
from ish.seasons.selectors import seasons_visible_to

# Only the office writes; coordinators and lab hosts read (their rows, by the selector).
OrganiserWritesOthersRead = IsOrganiser | (IsCoordinator | IsLabHost) & ReadOnly
LISTS = ("cities", "labs", "participants")


@extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
class TranslationsField(serializers.DictField):
    """The title in other languages, by language code: `{"de": "Schlossführung"}`."""

    child = serializers.CharField(max_length=200)

    def to_internal_value(self, data) -> dict:
        value = super().to_internal_value(data)
        known = {code for code, _name in settings.LANGUAGES}
        unknown = sorted(set(value) - known)
        if unknown:
            raise serializers.ValidationError(
                _("Not a language of the portal: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return {code: text for code, text in value.items() if text.strip()}


class EventSerializer(ModelRulesSerializer):
    """An event of the programme and who attends it (the model's rules applied)."""

    cities = SlugRelatedField(
        many=True, slug_field="slug", queryset=City.objects.all(), required=False
    )
    labs = serializers.PrimaryKeyRelatedField(many=True, queryset=Lab.objects.all(), required=False)
    participants = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Nomination.objects.none(),  # the caller's scope, in get_fields
        required=False,
        help_text="Nomination ids; a reader sees only those in their own scope.",
    )
    title_translations = TranslationsField(required=False)
    cancelled = serializers.BooleanField(
        required=False,
        help_text="true cancels the event (it stays in the programme and the calendars, marked "
        "cancelled); a cancelled event cannot be un-cancelled.",
    )
    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Clashes, in the request's language (organisers only; empty for others).",
    )

    class Meta:
        model = Event
        fields = [
            "id", "season", "title", "title_translations", "kind", "starts_at", "ends_at",
            "place", "address", "meeting_point", "audience", "cities", "labs", "participants",
            "meal", "notes", "cancelled", "warnings",
        ]  # fmt: skip

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Another scope's nomination answers exactly as one that does not exist.
            fields["participants"].child_relation.queryset = participants_in_scope(user)
            fields["season"].queryset = seasons_visible_to(user)
        if self.instance is not None and not isinstance(self.instance, list):
            fields["season"].read_only = True  # an event stays in its season
        return fields

    def validate(self, attrs: dict) -> dict:
        lists = {name: attrs.pop(name) for name in LISTS if name in attrs}
        cancelled = attrs.pop("cancelled", None)
        attrs = super().validate(attrs)
        if cancelled is False and self.instance is not None and self.instance.is_cancelled:
            raise serializers.ValidationError(
                {"cancelled": _("A cancelled event stays cancelled; create a new event instead.")}
            )
        return {**attrs, **lists, "cancelled": cancelled}

    def to_representation(self, event: Event) -> dict:
        extra = self.context["events"]
        lists, visible = extra["lists"], extra["visible"]
        return {
            "id": event.pk,
            "season": event.season_id,
            "title": event.title,
            "title_translations": event.title_translations,
            "kind": event.kind,
            "starts_at": self.fields["starts_at"].to_representation(event.starts_at),
            "ends_at": self.fields["ends_at"].to_representation(event.ends_at),
            "place": event.place,
            "address": event.address,
            "meeting_point": event.meeting_point,
            "audience": event.audience,
            "cities": [slug for _id, slug in lists.cities[event.pk]],
            "labs": list(lists.labs[event.pk]),
            "participants": [pk for pk in lists.participants[event.pk] if pk in visible],
            "meal": event.meal,
            "notes": event.notes,
            "cancelled": event.is_cancelled,
            "warnings": warning_texts(extra["warnings"].get(event.pk, [])),
        }

    def create(self, validated_data: dict) -> Event:
        cancelled = validated_data.pop("cancelled", None)
        user = self.context["request"].user
        event = services.create_event(actor=user, **validated_data)
        if cancelled:
            event = services.cancel_event(event, actor=user)
        return event

    def update(self, event: Event, validated_data: dict) -> Event:
        cancelled = validated_data.pop("cancelled", None)
        user = self.context["request"].user
        event = services.update_event(event, actor=user, **validated_data)
        if cancelled:
            event = services.cancel_event(event, actor=user)
        return event


class DayField(forms.DateField):
    """A Heidelberg calendar date within the API's years."""

    def clean(self, value) -> dt.date | None:
        day = super().clean(value)
        if day is not None and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise DjangoValidationError(
                _("Give a date between the years %(earliest)d and %(latest)d.")
                % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
            )
        return day


class DayFilter(filters.DateFilter):
    field_class = DayField


class EventFilter(filters.FilterSet):
    season = VisibleChoiceFilter(visible_to=seasons_visible_to)
    kind = filters.ChoiceFilter(choices=Event.Kind.choices)
    date = DayFilter(method="overlapping", label="Events taking place (in part) on this day")

    class Meta:
        model = Event
        fields = ["season", "kind", "date"]

    def overlapping(self, queryset: QuerySet[Event], name: str, day: dt.date) -> QuerySet[Event]:
        start, end = day_bounds(day)
        return queryset.filter(starts_at__lt=end, ends_at__gt=start)


class EventViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    """The programme's events. DELETE removes an event nobody has been marked at; once
    attendance is marked it answers 409: cancel it instead (`PATCH {"cancelled": true}`)."""

    selector = events_visible_to
    serializer_class = EventSerializer
    permission_classes = [OrganiserWritesOthersRead]
    filterset_class = EventFilter
    search_fields = ["title", "place"]
    ordering_fields = ["starts_at", "title", "kind"]
    ordering = ["starts_at", "title", "id"]

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context["events"] = {"lists": lists_of([]), "visible": set(), "warnings": {}}
        return context

    def _with_lists(self, events: list[Event], **kwargs) -> serializers.BaseSerializer:
        """The serializer of `events` with what they name read at once: their lists, the
        participants the caller may see among them, and (for the office) their clashes."""
        user = self.request.user
        lists = lists_of(event.pk for event in events)
        listed = {pk for pks in lists.participants.values() for pk in pks}
        visible = (
            set(participants_in_scope(user).filter(pk__in=listed).values_list("pk", flat=True))
            if listed
            else set()
        )
        context = self.get_serializer_context()
        context["events"] = {
            "lists": lists,
            "visible": visible,
            "warnings": clashes(events) if user.is_organiser else {},
        }
        many = kwargs.pop("many", False)
        target = events if many else events[0]
        return self.get_serializer_class()(target, many=many, context=context, **kwargs)

    def list(self, request: Request, *args, **kwargs) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        events = list(page if page is not None else queryset)
        data = self._with_lists(events, many=True).data
        if page is not None:
            return self.get_paginated_response(data)
        return Response(data)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(self._with_lists([self.get_object()]).data)

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = serializer.save()
        return Response(
            self._with_lists([self.get_queryset().get(pk=event.pk)]).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request: Request, *args, **kwargs) -> Response:
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        event = serializer.save()
        return Response(self._with_lists([self.get_queryset().get(pk=event.pk)]).data)

    def perform_destroy(self, event: Event) -> None:
        services.delete_event(event, actor=self.request.user)
