"""API for housing: accommodations, housing assignments, suggestions and the self-service link."""

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import DateField, ModelRulesSerializer, ModelSerializer, ScopedQuerysetMixin
from api.nomination_rows import NominationRows
from api.nomination_serializers import NominationSerializer, NominationSummarySerializer
from api.permissions import IsOrganiser, OrganiserOrCoordinatorReads
from api.rows import Formats, RowsListMixin
from api.seasons import SeasonPickSerializer
from ish.filters import VisibleChoiceFilter
from ish.housing import services, suggestions
from ish.housing.models import (
    Accommodation,
    DietaryOption,
    HousingAssignment,
    diets,
    language_codes,
)
from ish.housing.rules import warning_texts
from ish.housing.selectors import (
    accommodations_named_to,
    accommodations_visible_to,
    assignments_with_students,
)
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.seasons.selectors import seasons_visible_to


class AccommodationSerializer(ModelRulesSerializer):
    contact_phone = PhoneNumberField(required=False, allow_blank=True)
    languages = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="ISO 639-1 codes"
    )
    dietary_options = serializers.ListField(
        child=serializers.ChoiceField(choices=DietaryOption.choices), required=False
    )

    class Meta:
        model = Accommodation
        fields = [
            "id", "kind", "name", "address", "beds", "contact_name", "contact_email",
            "contact_phone", "pets", "smoking", "languages", "dietary_options",
            "available_from", "available_until", "notes", "language",
        ]  # fmt: skip

    # The model's rules, as the portal's form applies them: the same answer for the same input.
    def validate_languages(self, codes: list[str]) -> list[str]:
        return language_codes(codes)

    def validate_dietary_options(self, options: list[str]) -> list[str]:
        return diets(options)

    def update(self, accommodation: Accommodation, validated_data: dict) -> Accommodation:
        return services.update_accommodation(
            accommodation, actor=self.context["request"].user, **validated_data
        )


class AccommodationFilter(filters.FilterSet):
    class Meta:
        model = Accommodation
        fields = ["kind", "smoking"]


class AccommodationViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    selector = accommodations_visible_to
    serializer_class = AccommodationSerializer
    permission_classes = [IsOrganiser]
    filterset_class = AccommodationFilter
    search_fields = ["name", "address", "contact_name"]
    ordering_fields = ["name", "beds", "available_from"]
    ordering = ["kind", "name"]


class HousingAssignmentSerializer(ModelSerializer):
    nomination = serializers.PrimaryKeyRelatedField(queryset=Nomination.objects.all())
    accommodation = serializers.PrimaryKeyRelatedField(queryset=Accommodation.objects.all())
    check_in = DateField(required=False, help_text="Default: the arrival day.")
    check_out = DateField(required=False, help_text="Default: the departure day.")
    # The same serializer and role rules as /nominations/{id}/.
    student = NominationSerializer(source="nomination", read_only=True)
    # Stored as codes; read in the request's language (Accept-Language), as the pages show them.
    warnings = serializers.ListField(
        child=serializers.CharField(), source="warning_texts", read_only=True
    )

    class Meta:
        model = HousingAssignment
        fields = [
            "id", "nomination", "accommodation", "check_in", "check_out", "status", "warnings",
            "created_at", "confirmed_at", "student",
        ]  # fmt: skip
        read_only_fields = ["status", "created_at", "confirmed_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["nomination"].read_only = True  # an assignment stays with its student
        return fields

    def create(self, validated_data: dict) -> HousingAssignment:
        return services.assign(actor=self.context["request"].user, **validated_data)

    def update(self, assignment: HousingAssignment, validated_data: dict) -> HousingAssignment:
        return services.change(assignment, actor=self.context["request"].user, **validated_data)


class HousingAssignmentRowSerializer(HousingAssignmentSerializer):
    """A row of the list: the student's summary without the sensitive fields (read a single
    assignment, or the nomination, for those)."""

    student = NominationSummarySerializer(source="nomination", read_only=True)


# What the list reads of each assignment; the student is read through the same query.
ASSIGNMENT_COLUMNS = [
    name
    for name in HousingAssignmentRowSerializer.Meta.fields
    if name not in {"nomination", "accommodation", "student"}
]


class HousingAssignmentRows:
    """Housing assignments read as values and written as HousingAssignmentRowSerializer writes
    them, each with its student as the nominations list shows them."""

    def __init__(self, formats: Formats):
        self.formats = formats
        self.students = NominationRows(formats, through="nomination__")

    def read(self, queryset: QuerySet[HousingAssignment]) -> QuerySet:
        lookups, stored = self.students.columns()
        # Foreign keys by their columns' names (see api.nomination_rows.COLUMNS).
        return queryset.values(
            *ASSIGNMENT_COLUMNS, "nomination_id", "accommodation_id", *lookups, **stored
        )

    def write(self, rows: list[dict]) -> list[dict]:
        formats = self.formats
        students = self.students.write(rows)
        return [
            {
                "id": row["id"],
                "nomination": row["nomination_id"],
                "accommodation": row["accommodation_id"],
                "check_in": formats.date(row["check_in"]),
                "check_out": formats.date(row["check_out"]),
                "status": row["status"],
                "warnings": warning_texts(row["warnings"]),
                "created_at": formats.datetime(row["created_at"]),
                "confirmed_at": formats.datetime(row["confirmed_at"]),
                "student": student,
            }
            for row, student in zip(rows, students, strict=True)
        ]


class HousingAssignmentFilter(filters.FilterSet):
    # Model choices (not numbers) so that an id beyond any column's range is a 400, not a 500;
    # scoped by the reader, so that another city's student or place answers exactly as an id
    # that does not exist (a 400), never revealing that it does.
    season = VisibleChoiceFilter(field_name="nomination__season", visible_to=seasons_visible_to)
    nomination = VisibleChoiceFilter(visible_to=nominations_visible_to)
    accommodation = VisibleChoiceFilter(visible_to=accommodations_named_to)
    city = filters.CharFilter(field_name="nomination__city__slug")
    # The row's own column: no join can repeat a row, so no DISTINCT.
    status = filters.MultipleChoiceFilter(choices=HousingAssignment.Status.choices, distinct=False)

    class Meta:
        model = HousingAssignment
        fields = ["season", "city", "accommodation", "status", "nomination"]


class HousingAssignmentViewSet(
    RowsListMixin,
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Housing assignments are never deleted: cancel one instead."""

    selector = assignments_with_students
    serializer_class = HousingAssignmentSerializer
    permission_classes = [OrganiserOrCoordinatorReads]
    filterset_class = HousingAssignmentFilter
    search_fields = ["nomination__given_name", "nomination__family_name", "accommodation__name"]
    ordering_fields = ["check_in", "check_out", "status", "accommodation__name"]
    ordering = ["check_in", "accommodation__name"]

    def get_serializer_class(self) -> type[HousingAssignmentSerializer]:
        return (
            HousingAssignmentRowSerializer if self.action == "list" else HousingAssignmentSerializer
        )

    def list_rows(self, formats: Formats) -> HousingAssignmentRows:
        return HousingAssignmentRows(formats)

    @extend_schema(request=None, responses=HousingAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk=None) -> Response:
        """Confirm a proposed assignment; the student and the host are mailed."""
        assignment = services.confirm(self.get_object(), actor=request.user)
        return Response(self.get_serializer(assignment).data)

    @extend_schema(request=None, responses=HousingAssignmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        assignment = self.get_object()
        services.cancel(assignment, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data)

    @extend_schema(
        request=SeasonPickSerializer,
        responses=inline_serializer(
            "HousingSuggestions",
            {
                "proposed": serializers.IntegerField(),
                "unplaced": serializers.ListField(child=serializers.IntegerField()),
                "reasons": serializers.DictField(child=serializers.CharField()),
            },
        ),
    )
    @action(detail=False, methods=["post"])
    def suggest(self, request: Request) -> Response:
        """Propose a bed for every accepted student without one; never overbooks."""
        payload = SeasonPickSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = suggestions.suggest(payload.validated_data["season"], actor=request.user)
        return Response(
            {
                "proposed": result.proposed,
                "unplaced": sorted(result.unplaced),
                "reasons": {str(pk): reason for pk, reason in sorted(result.unplaced.items())},
            }
        )

    @extend_schema(
        request=SeasonPickSerializer,
        responses=inline_serializer(
            "ConfirmAllResult",
            {
                "confirmed": serializers.IntegerField(),
                "emails_written": serializers.IntegerField(),
                "not_emailed": serializers.ListField(child=serializers.CharField()),
            },
        ),
    )
    @action(detail=False, methods=["post"], url_path="confirm-all")
    def confirm_all(self, request: Request) -> Response:
        """Confirm every proposed assignment of the season."""
        payload = SeasonPickSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = services.confirm_all(payload.validated_data["season"], actor=request.user)
        return Response(
            {
                "confirmed": result.confirmed,
                "emails_written": len(result.told.emails),
                "not_emailed": list(result.told.not_told),
            }
        )
