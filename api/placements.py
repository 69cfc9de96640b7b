"""API for lab placements: matching, offers, and the lab hosts' answers."""

from typing import NamedTuple

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import (
    AvailableActionsField,
    CommentSerializer,
    DateField,
    ModelSerializer,
    ScopedQuerysetMixin,
    TransitionsMixin,
)
from api.nomination_rows import NominationRows
from api.nomination_serializers import NominationSerializer, NominationSummarySerializer
from api.permissions import AnswersOffer, IsCoordinator, IsLabHost, IsOrganiser, ReadOnly
from api.rows import Formats, RowsListMixin
from api.seasons import SeasonPickSerializer
from ish.filters import VisibleChoiceFilter
from ish.labs.models import Lab
from ish.labs.selectors import labs_visible_to
from ish.nominations.models import Nomination
from ish.nominations.selectors import nominations_visible_to
from ish.placements import services
from ish.placements.explanations import explanation_text
from ish.placements.models import Placement
from ish.placements.selectors import placements_visible_to
from ish.seasons.selectors import seasons_visible_to


class PlacementSerializer(ModelSerializer):
    nomination = serializers.PrimaryKeyRelatedField(queryset=Nomination.objects.all())
    lab = serializers.PrimaryKeyRelatedField(queryset=Lab.objects.all())
    starts_on = DateField(required=False)
    ends_on = DateField(required=False)
    # The same serializer and role rules as /nominations/: a lab host gets the allow-listed,
    # non-sensitive profile and links to the CV and motivation letter only.
    student = NominationSerializer(source="nomination", read_only=True)
    actions = AvailableActionsField(services.WORKFLOW)
    # Stored as codes; read in the request's language, as the pages show it.
    explanation = serializers.CharField(source="explanation_text", read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id", "nomination", "lab", "status", "starts_on", "ends_on", "comment",
            "explanation", "offered_at", "answered_at", "created_at", "student", "actions",
        ]  # fmt: skip
        read_only_fields = ["status", "offered_at", "answered_at", "created_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["nomination"].read_only = True  # a placement stays with its student
        return fields

    def create(self, validated_data: dict) -> Placement:
        return services.create_placement(actor=self.context["request"].user, **validated_data)

    def update(self, placement: Placement, validated_data: dict) -> Placement:
        return services.update_placement(
            placement, actor=self.context["request"].user, **validated_data
        )


class PlacementRowSerializer(PlacementSerializer):
    """A row of the list: the student's summary without the sensitive fields (read a single
    placement, or the nomination, for those)."""

    student = NominationSummarySerializer(source="nomination", read_only=True)


# What the list reads of each placement; the student and the actions are written from more.
PLACEMENT_COLUMNS = [
    name
    for name in PlacementRowSerializer.Meta.fields
    if name not in {"nomination", "lab", "student", "actions"}
]


class _Scope(NamedTuple):
    """What the workflow reads of a placement to say which actions a user may take on it."""

    status: str
    lab_id: int


class PlacementRows:
    """Placements read as values and written as PlacementRowSerializer writes them; the
    students, as the nominations list shows them to the caller, read in one query."""

    def __init__(self, formats: Formats):
        self.formats = formats
        self.students = NominationRows(formats)
        self._actions = formats.memoised(
            lambda status, lab_id: services.WORKFLOW.names_available(
                _Scope(status, lab_id), formats.user
            )
        )

    def read(self, queryset: QuerySet[Placement]) -> QuerySet:
        # Foreign keys by their columns' names (see api.nomination_rows.COLUMNS).
        return queryset.values(*PLACEMENT_COLUMNS, "nomination_id", "lab_id")

    def write(self, rows: list[dict]) -> list[dict]:
        formats = self.formats
        nomination_ids = {row["nomination_id"] for row in rows}
        students = {}
        if nomination_ids:
            # As the serializer reads them: the caller's nominations (null outside them).
            shown = nominations_visible_to(formats.user).filter(pk__in=nomination_ids)
            read = self.students.read(shown.prefetch_related(None).order_by())
            students = {student["id"]: student for student in self.students.write(read)}
        return [
            {
                "id": row["id"],
                "nomination": row["nomination_id"],
                "lab": row["lab_id"],
                "status": row["status"],
                "starts_on": formats.date(row["starts_on"]),
                "ends_on": formats.date(row["ends_on"]),
                "comment": row["comment"],
                "explanation": explanation_text(row["explanation"]),
                "offered_at": formats.datetime(row["offered_at"]),
                "answered_at": formats.datetime(row["answered_at"]),
                "created_at": formats.datetime(row["created_at"]),
                "student": students.get(row["nomination_id"]),
                "actions": self._actions(row["status"], row["lab_id"]),
            }
            for row in rows
        ]


class PlacementFilter(filters.FilterSet):
    season = VisibleChoiceFilter(field_name="nomination__season", visible_to=seasons_visible_to)
    city = filters.CharFilter(field_name="nomination__city__slug")
    lab = VisibleChoiceFilter(visible_to=labs_visible_to)
    # Scoped, so that another city's (or lab's) student answers as one that does not exist.
    nomination = VisibleChoiceFilter(visible_to=nominations_visible_to)
    # The row's own column: no join can repeat a row, so no DISTINCT.
    status = filters.MultipleChoiceFilter(choices=Placement.Status.choices, distinct=False)

    class Meta:
        model = Placement
        fields = ["season", "city", "lab", "status", "nomination"]


class PlacementViewSet(
    RowsListMixin,
    TransitionsMixin,
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Placements are never deleted: cancel one instead, and its history stays."""

    selector = placements_visible_to
    serializer_class = PlacementSerializer
    # Every role reads its scope; organisers write; lab hosts answer the offers to their lab.
    permission_classes = [
        IsOrganiser | (IsCoordinator | IsLabHost) & ReadOnly | IsLabHost & AnswersOffer
    ]
    filterset_class = PlacementFilter
    search_fields = ["nomination__given_name", "nomination__family_name", "lab__name"]
    ordering_fields = ["status", "offered_at", "lab__name", "nomination__family_name"]
    ordering = ["lab__name", "nomination__family_name"]

    def get_serializer_class(self) -> type[PlacementSerializer]:
        return PlacementRowSerializer if self.action == "list" else PlacementSerializer

    def list_rows(self, formats: Formats) -> PlacementRows:
        return PlacementRows(formats)

    @extend_schema(request=CommentSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def offer(self, request: Request, pk=None) -> Response:
        """Offer a proposed placement to the lab (organisers); the lab's hosts are mailed."""
        return self.transition(request, "offer", services.perform)

    @extend_schema(request=CommentSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk=None) -> Response:
        """Accept an offer (the lab's hosts, organisers); 409 when the lab is full."""
        return self.transition(request, "accept", services.perform)

    @extend_schema(request=CommentSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk=None) -> Response:
        """Decline an offer (the lab's hosts, organisers), ideally with a comment."""
        return self.transition(request, "decline", services.perform)

    @extend_schema(request=CommentSerializer, responses=PlacementSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk=None) -> Response:
        return self.transition(request, "cancel", services.perform)

    @extend_schema(
        request=SeasonPickSerializer,
        responses=inline_serializer(
            "MatchResult",
            {
                "proposed": serializers.IntegerField(),
                "unmatched": serializers.ListField(child=serializers.IntegerField()),
                "reasons": serializers.DictField(child=serializers.CharField()),
            },
        ),
    )
    @action(detail=False, methods=["post"])
    def match(self, request: Request) -> Response:
        """Propose a lab for every accepted student without one (stable matching); replaces
        earlier proposals only. `reasons` says why each unmatched student is unmatched."""
        payload = SeasonPickSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = services.run_matching(payload.validated_data["season"], actor=request.user)
        return Response(
            {
                "proposed": result.proposed,
                "unmatched": sorted(result.unmatched),
                "reasons": {str(pk): reason for pk, reason in sorted(result.unmatched.items())},
            }
        )

    @extend_schema(
        request=SeasonPickSerializer,
        responses=inline_serializer(
            "OfferAllResult",
            {
                "offered": serializers.IntegerField(),
                "emails_written": serializers.IntegerField(),
                "labs_without_host": inline_serializer(
                    "LabWithoutHost",
                    {"id": serializers.IntegerField(), "name": serializers.CharField()},
                    many=True,
                ),
            },
        ),
    )
    @action(detail=False, methods=["post"], url_path="offer-all")
    def offer_all(self, request: Request) -> Response:
        """Offer every proposed placement of the season to its lab in one action: how many were
        offered, how many e-mails were written to the labs' hosts, and the labs without a host
        account, whose offers nobody was told of."""
        payload = SeasonPickSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = services.offer_all(payload.validated_data["season"], actor=request.user)
        return Response(
            {
                "offered": result.offered,
                "emails_written": len(result.emails),
                "labs_without_host": [
                    {"id": lab.pk, "name": lab.name} for lab in result.labs_without_host
                ],
            },
            status=status.HTTP_200_OK,
        )
