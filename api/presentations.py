"""API for the final presentations' schedule: the office builds it (by hand, by moving slots, or
from the proposal), a lab host names their students' talks, a coordinator reads their city's."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import DateTimeField, ModelSerializer, ScopedQuerysetMixin
from api.permissions import IsCoordinator, IsLabHost, IsOrganiser, ReadOnly
from ish.filters import VisibleChoiceFilter
from ish.nominations.models import Nomination
from ish.programme import presentation_proposals as proposals
from ish.programme import presentations as services
from ish.programme.models import Presentation
from ish.programme.presentation_proposals import Break, Grouping
from ish.seasons.models import Season
from ish.seasons.selectors import seasons_visible_to

# What a lab host may change of a slot.
LAB_HOST_FIELDS = {"title"}


class ChangesTitle(BasePermission):
    """A partial update (PATCH); which fields it may carry is the view's check."""

    def has_permission(self, request, view) -> bool:
        return request.method == "PATCH"


class PresentationSerializer(ModelSerializer):
    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())
    nominations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Nomination.objects.all(), help_text="The participants presenting."
    )

    class Meta:
        model = Presentation
        fields = [
            "id",
            "season",
            "room",
            "starts_at",
            "minutes",
            "nominations",
            "title",
            "supervisor",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["season"].read_only = True  # a slot stays in its season
        return fields

    def create(self, validated_data: dict) -> Presentation:
        return services.create_slot(actor=self.context["request"].user, **validated_data)

    def update(self, slot: Presentation, validated_data: dict) -> Presentation:
        user = self.context["request"].user
        if not services.may_edit_everything(user):
            return services.retitle(slot, validated_data.get("title", slot.title), actor=user)
        return services.update_slot(slot, actor=user, **validated_data)


class PresentationFilter(filters.FilterSet):
    season = VisibleChoiceFilter(visible_to=seasons_visible_to)

    class Meta:
        model = Presentation
        fields = ["season"]


class MoveSerializer(serializers.Serializer):
    room = serializers.CharField(max_length=100)
    starts_at = DateTimeField()


class BreakSerializer(serializers.Serializer):
    starts_at = DateTimeField()
    minutes = serializers.IntegerField(min_value=1, max_value=services.LONGEST_MINUTES)


class ProposeSerializer(serializers.Serializer):
    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())
    rooms = serializers.ListField(
        child=serializers.CharField(max_length=100), min_length=1, max_length=20
    )
    starts_at = DateTimeField()
    minutes = serializers.IntegerField(
        min_value=services.SHORTEST_MINUTES, max_value=services.LONGEST_MINUTES
    )
    breaks = BreakSerializer(many=True, required=False, default=list)
    grouping = serializers.ChoiceField(choices=Grouping.choices, default=Grouping.LAB)
    confirm = serializers.BooleanField(
        default=False, help_text="Replace the season's slots by the proposal (else a preview)."
    )


class PresentationViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    """The office writes every field; a lab host PATCHes the `title` of their students' slots
    only; a coordinator reads the slots of their city's participants."""

    selector = services.presentations_visible_to
    serializer_class = PresentationSerializer
    permission_classes = [
        IsOrganiser | (IsCoordinator | IsLabHost) & ReadOnly | IsLabHost & ChangesTitle
    ]
    filterset_class = PresentationFilter
    ordering_fields = ["starts_at", "room"]
    ordering = ["starts_at", "room", "id"]

    def get_queryset(self) -> QuerySet[Presentation]:
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("nominations", Nomination.objects.only("pk").order_by("pk")))
        )

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        if not services.may_edit_everything(request.user):
            self.get_object()  # another lab's slot: 404 before anything is said about fields
            refused = sorted(set(request.data) - LAB_HOST_FIELDS)
            if refused:
                message = _("A lab host may change the title only.")
                raise ValidationError({name: [message] for name in refused})
        return super().partial_update(request, *args, **kwargs)

    def perform_destroy(self, slot: Presentation) -> None:
        services.delete_slot(slot, actor=self.request.user)

    @extend_schema(
        request=MoveSerializer,
        responses=inline_serializer(
            "PresentationMoved",
            {
                "presentation": PresentationSerializer(),
                "swapped_with": PresentationSerializer(allow_null=True),
            },
        ),
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk=None) -> Response:
        """Move the slot to `room` at `starts_at`; onto a slot starting exactly there, the two
        swap places. 400 naming `starts_at` when the room is taken then."""
        slot = self.get_object()
        body = MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        other = services.move_to(slot, actor=request.user, **body.validated_data)
        read = self.get_queryset()
        return Response(
            {
                "presentation": self.get_serializer(read.get(pk=slot.pk)).data,
                "swapped_with": self.get_serializer(read.get(pk=other.pk)).data if other else None,
            }
        )

    @extend_schema(
        request=ProposeSerializer,
        responses=inline_serializer(
            "PresentationProposal",
            {
                "confirmed": serializers.BooleanField(),
                "replaces": serializers.IntegerField(),
                "slots": PresentationSerializer(many=True),
                "without_lab": serializers.ListField(child=serializers.IntegerField()),
            },
        ),
    )
    @action(detail=False, methods=["post"])
    def propose(self, request: Request) -> Response:
        """The season's participants grouped by lab (`grouping`: `lab`, or `student` for one
        slot each), in institute and lab order, over the `rooms` in parallel from `starts_at`,
        `minutes` a slot, skipping the `breaks`; the lab's head as supervisor. A preview (200,
        slots without ids) unless `confirm`, which replaces the season's slots (201)."""
        body = ProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        proposal = proposals.propose(
            data["season"],
            rooms=data["rooms"],
            starts_at=data["starts_at"],
            minutes=data["minutes"],
            breaks=[Break(**pause) for pause in data["breaks"]],
            grouping=data["grouping"],
        )
        without_lab = [nomination.pk for nomination in proposal.without_lab]
        if data["confirm"]:
            made = proposals.accept_proposal(proposal, actor=request.user)
            slots = self.get_queryset().filter(pk__in=[slot.pk for slot in made])
            return Response(
                {
                    "confirmed": True,
                    "replaces": proposal.replaces,
                    "slots": self.get_serializer(slots, many=True).data,
                    "without_lab": without_lab,
                },
                status=status.HTTP_201_CREATED,
            )
        formats = DateTimeField()
        return Response(
            {
                "confirmed": False,
                "replaces": proposal.replaces,
                "slots": [
                    {
                        "id": None,
                        "season": proposal.season.pk,
                        "room": slot.room,
                        "starts_at": formats.to_representation(slot.starts_at),
                        "minutes": slot.minutes,
                        "nominations": sorted(n.pk for n in slot.nominations),
                        "title": slot.title,
                        "supervisor": slot.supervisor,
                    }
                    for slot in proposal.slots
                ],
                "without_lab": without_lab,
            }
        )
