"""API for the NYSF exchange (organisers only): applications, scores, selection, checklist."""

from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import (
    DOCUMENT_DOWNLOAD,
    AvailableActionsField,
    CommentSerializer,
    DateField,
    ModelSerializer,
    ScopedQuerysetMixin,
    StoredDocumentSerializer,
    TransitionsMixin,
)
from api.permissions import IsOrganiser
from ish.exchange import checklist, services
from ish.exchange import personal_data as applicant_data
from ish.exchange.models import Application, ApplicationDocument
from ish.exchange.selectors import (
    applications_visible_to,
    documents_visible_to,
    schools_visible_to,
)
from ish.filters import VisibleChoiceFilter
from ish.history import COMMENT_MAX_LENGTH
from ish.seasons.selectors import seasons_visible_to
from ish.uploads import document_response, owned_document_or_404


class ChecklistSerializer(serializers.Serializer):
    """The pre-departure checklist: when each item was done, and what is still missing."""

    passport_expires_on = DateField(allow_null=True, required=False)
    visa_done_on = DateField(allow_null=True, required=False)
    insurance_done_on = DateField(allow_null=True, required=False)
    consent_done_on = DateField(allow_null=True, required=False)
    flights_done_on = DateField(allow_null=True, required=False)
    missing = serializers.SerializerMethodField()

    def get_missing(self, application: Application) -> list[str]:
        return checklist.missing_before_departure(application)


class ApplicationDocumentSerializer(StoredDocumentSerializer):
    download_route = "exchange-application-document-download"

    class Meta:
        model = ApplicationDocument
        fields = ["id", "kind", "filename", "size", "content_type", "download_url"]


class ScoreSerializer(serializers.Serializer):
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)
    # The range is the service's rule (a setting): its error names `points`.
    points = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX_LENGTH)


class ApplicationSerializer(ModelSerializer):
    # Applications come from the public form: the school is theirs and cannot change here.
    school = serializers.PrimaryKeyRelatedField(read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    checklist = ChecklistSerializer(source="*", required=False)
    scores = ScoreSerializer(many=True, read_only=True)
    documents = ApplicationDocumentSerializer(many=True, read_only=True)
    actions = AvailableActionsField(services.WORKFLOW)

    TRAVEL = {"interview_at", "interview_notes", "nysf_session", "departure_on", "return_on"}

    class Meta:
        model = Application
        fields = [
            "id",
            "season",
            "given_name",
            "family_name",
            "date_of_birth",
            "gender",
            "email",
            "phone",
            "school",
            "school_name",
            "graduation_year",
            "subjects",
            "motivation",
            "language",
            "nominator_email",
            "nominator_confirmed_at",
            "score",
            "scores",
            "status",
            "interview_at",
            "interview_notes",
            "nysf_session",
            "departure_on",
            "return_on",
            "checklist",
            "documents",
            "actions",
            "created_at",
        ]
        read_only_fields = [
            "season",
            "given_name",
            "family_name",
            "date_of_birth",
            "gender",
            "email",
            "phone",
            "graduation_year",
            "subjects",
            "motivation",
            "language",
            "nominator_email",
            "nominator_confirmed_at",
            "score",
            "status",
            "created_at",
        ]

    def update(self, application: Application, validated_data: dict) -> Application:
        return checklist.update_travel(
            application, actor=self.context["request"].user, **validated_data
        )


class ApplicationFilter(filters.FilterSet):
    season = VisibleChoiceFilter(visible_to=seasons_visible_to)
    school = VisibleChoiceFilter(visible_to=schools_visible_to)
    # The row's own column: no join can repeat a row, so no DISTINCT.
    status = filters.MultipleChoiceFilter(choices=Application.Status.choices, distinct=False)
    school_name = filters.CharFilter(field_name="school__name", lookup_expr="icontains")

    class Meta:
        model = Application
        fields = ["season", "status", "gender", "school", "school_name"]


class ApplicationViewSet(
    TransitionsMixin,
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Applications arrive through the public form (/nysf/apply/); here the office scores,
    selects and tracks them. Updates take the interview, NYSF session, travel dates and the
    checklist."""

    selector = applications_visible_to
    serializer_class = ApplicationSerializer
    permission_classes = [IsOrganiser]
    filterset_class = ApplicationFilter
    search_fields = ["given_name", "family_name", "email", "school__name"]
    ordering_fields = ["score", "family_name", "created_at", "departure_on"]
    ordering = ["-score", "family_name"]

    @extend_schema(request=CommentSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def shortlist(self, request: Request, pk=None) -> Response:
        return self.transition(request, "shortlist", services.perform)

    @extend_schema(request=CommentSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def select(self, request: Request, pk=None) -> Response:
        """Select (also a reserve moving up, when a place is free); the applicant is mailed."""
        return self.transition(request, "select", services.perform)

    @extend_schema(request=CommentSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def reserve(self, request: Request, pk=None) -> Response:
        return self.transition(request, "reserve", services.perform)

    @extend_schema(request=CommentSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk=None) -> Response:
        return self.transition(request, "reject", services.perform)

    @extend_schema(request=CommentSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk=None) -> Response:
        return self.transition(request, "confirm", services.perform)

    @extend_schema(request=CommentSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk=None) -> Response:
        return self.transition(request, "withdraw", services.perform)

    @extend_schema(request=ScoreSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def score(self, request: Request, pk=None) -> Response:
        """Your score as a reviewer (again: replaces it); `score` is the reviewers' total."""
        application = self.get_object()
        payload = ScoreSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.score(application, reviewer=request.user, **payload.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="personal-data", url_name="personal-data")
    def personal_data(self, request: Request, pk=None):
        """Everything stored about the applicant (the application, scores, checklist, history,
        e-mails and audit trail in `data.json`) and their documents, as one ZIP. The download
        is kept in the audit trail."""
        return applicant_data.download(self.get_object(), request.user)

    @extend_schema(responses=DOCUMENT_DOWNLOAD)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>\d+)/download",
        url_name="document-download",
    )
    def download(self, request: Request, pk=None, document_id=None):
        document = owned_document_or_404(documents_visible_to(request.user), pk, document_id)
        return document_response(document, request.user)
