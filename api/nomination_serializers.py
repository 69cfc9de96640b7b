"""Serializers of the nominations API: a nomination (whole, or without its sensitive fields for
lists), its documents, transitions, ranking and imports."""

from collections.abc import Iterable

from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers

from api.base import (
    AvailableActionsField,
    CommentSerializer,
    CountryField,
    ModelSerializer,
    SlugRelatedField,
    StoredDocumentSerializer,
)
from api.seasons import SeasonPickSerializer
from ish.nominations import services
from ish.nominations.models import Document, Nomination
from ish.nominations.selectors import (
    LAB_HOST_FIELDS,
    SENSITIVE_FIELDS,
)
from ish.participants import services as participants
from ish.programme import completion
from ish.seasons.models import City, ResearchField, Season


class DocumentSerializer(StoredDocumentSerializer):
    download_route = "nomination-document-download"

    class Meta:
        model = Document
        fields = [
            "id", "kind", "filename", "size", "content_type", "uploaded_at", "replaced_at",
            "download_url",
        ]  # fmt: skip
        read_only_fields = fields


class DocumentListQuery(serializers.Serializer):
    include_replaced = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Also list the earlier versions a new upload replaced (their `replaced_at` is "
        "set); by default only the current documents.",
    )


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    file = serializers.FileField()


class ResearchInterestsField(serializers.ListField):
    """Field slugs, strongest first: read from the ranked interests (the selectors prefetch them),
    not from the unordered many-to-many relation."""

    def get_attribute(self, nomination: Nomination) -> list:
        return [interest.field for interest in nomination.interests.all()]


def fields_shown_to(user, names: Iterable[str]) -> list[str]:
    """The fields of a nomination `user` reads, in the order given: a lab host the allow-listed
    profile and its documents (the CV and motivation letter, see the selectors)."""
    if getattr(user, "is_lab_host", False):
        allowed = {*LAB_HOST_FIELDS, "documents"}
        return [name for name in names if name in allowed]
    return list(names)


class NominationSerializer(ModelSerializer):
    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())
    city = SlugRelatedField(slug_field="slug", queryset=City.objects.all(), required=False)
    research_interests = ResearchInterestsField(
        child=SlugRelatedField(slug_field="slug", queryset=ResearchField.objects.all()),
        max_length=3,
        required=False,
        help_text="Field slugs, strongest interest first (1–3).",
    )
    nationality = CountryField(required=False, allow_blank=True)
    phone = PhoneNumberField(required=False, allow_blank=True)
    emergency_contact_phone = PhoneNumberField(required=False, allow_blank=True)
    missing = serializers.SerializerMethodField(
        help_text="What still keeps the nomination from being submitted."
    )
    documents = DocumentSerializer(many=True, read_only=True)
    actions = AvailableActionsField(services.WORKFLOW)
    completed_programme = serializers.BooleanField(
        allow_null=True,
        required=False,
        help_text="Whether the student completed the programme, as the ISH office set it by hand "
        "(organisers write it; null: derived from attendance, see the certificate).",
    )

    class Meta:
        model = Nomination
        fields = [
            "id", "season", "city", "rank", "status",
            "given_name", "family_name", "date_of_birth", "gender", "email", "phone",
            "nationality", "school", "graduation_year", "english_level", "german_level",
            "research_interests", "motivation", "language",
            "passport_number", "dietary_requirements", "medical_notes", "allergies",
            "emergency_contact_name", "emergency_contact_phone",
            "arrival_at", "departure_at", "arrival_details", "completed_programme",
            "submitted_at", "decided_at", "created_at", "updated_at",
            "missing", "documents", "actions",
        ]  # fmt: skip
        read_only_fields = ["status", "submitted_at", "decided_at", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields = {name: fields[name] for name in fields_shown_to(request.user, fields)}
        if self.instance is not None and not isinstance(self.instance, list):
            # A nomination stays in its season and city; withdraw and re-nominate instead.
            for name in ("season", "city"):
                if name in fields:
                    fields[name].read_only = True
        if "completed_programme" in fields and not (
            request is not None
            and request.user.is_authenticated  # the API's schema is drawn for no one
            and request.user.is_organiser
            and self.instance is not None
            and not isinstance(self.instance, list)
        ):
            fields["completed_programme"].read_only = True  # the office's, on a nomination
        return fields

    def get_missing(self, nomination: Nomination) -> list[str]:
        return services.missing_items(nomination)

    def create(self, validated_data: dict) -> Nomination:
        user = self.context["request"].user
        city = services.city_for(user, validated_data.pop("city", None))
        interests = validated_data.pop("research_interests", [])
        return services.create_nomination(
            actor=user,
            season=validated_data.pop("season"),
            city=city,
            interests=interests,
            **validated_data,
        )

    def update(self, nomination: Nomination, validated_data: dict) -> Nomination:
        user = self.context["request"].user
        by_hand = "completed_programme" in validated_data
        completed = validated_data.pop("completed_programme", None)
        if validated_data or not by_hand:
            nomination = participants.update_details(
                nomination,
                actor=user,
                interests=validated_data.pop("research_interests", None),
                **validated_data,
            )
        if by_hand:
            nomination = completion.set_completion(nomination, completed, actor=user)
        return nomination


class NominationSummarySerializer(NominationSerializer):
    """A row of the list: the sensitive fields are shown only on a single nomination (and never
    to lab hosts), so a list of students never carries passports or medical notes."""

    class Meta(NominationSerializer.Meta):
        fields = [name for name in NominationSerializer.Meta.fields if name not in SENSITIVE_FIELDS]


class TransitionSerializer(CommentSerializer):
    over_quota = serializers.BooleanField(
        required=False,
        default=False,
        help_text="accept only: accept even though the city's places are all taken",
    )


class HistorySerializer(serializers.Serializer):
    """One event of the history: `by` names the user, or who else acted, in the caller's
    language; `comment` is what the user typed, or the system's reason (its code in `reason`)."""

    action = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    by = serializers.CharField(source="actor_name")
    comment = serializers.CharField(source="note")
    reason = serializers.CharField()
    created_at = serializers.DateTimeField(read_only=True)


class RankSerializer(SeasonPickSerializer):
    """A city's ranking in a season (a coordinator's own city; organisers name it): `order`
    lists the id of every nomination, the first ranked first."""

    city = SlugRelatedField(slug_field="slug", queryset=City.objects.all(), required=False)
    order = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class ImportSerializer(SeasonPickSerializer):
    """A filled-in import template, for a season and a city (a coordinator's own; organisers
    name it)."""

    file = serializers.FileField()
    city = SlugRelatedField(slug_field="slug", queryset=City.objects.all(), required=False)


class ImportRowErrorSerializer(serializers.Serializer):
    """Why the import was refused: a row and column as Excel numbers and names them (both null
    for the file as a whole)."""

    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_null=True)
    message = serializers.CharField()
