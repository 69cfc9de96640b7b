"""API for the outbound programmes (organisers only): the programmes, and their applications,
scores, selection, checklist."""

from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import (
    DOCUMENT_DOWNLOAD,
    AvailableActionsField,
    CommentSerializer,
    CountryField,
    DateField,
    ModelSerializer,
    ScopedQuerysetMixin,
    StoredDocumentSerializer,
    TransitionsMixin,
)
from api.permissions import IsOrganiser
from ish.exchange import checklist, programmes, services
from ish.exchange import personal_data as applicant_data
from ish.exchange.models import Application, ApplicationDocument, OutboundProgramme
from ish.exchange.selectors import (
    applications_visible_to,
    documents_visible_to,
    programmes_visible_to,
    schools_visible_to,
)
from ish.filters import VisibleChoiceFilter
from ish.history import COMMENT_MAX_LENGTH
from ish.seasons.selectors import seasons_visible_to
from ish.uploads import document_response, owned_document_or_404


class ChecklistItemSerializer(serializers.Serializer):
    text = serializers.CharField()
    done_on = DateField(allow_null=True)


class ChecklistSerializer(serializers.Serializer):
    """The pre-departure checklist: when each item was done, and what is still missing."""

    passport_expires_on = DateField(allow_null=True, required=False)
    visa_done_on = DateField(allow_null=True, required=False)
    insurance_done_on = DateField(allow_null=True, required=False)
    consent_done_on = DateField(allow_null=True, required=False)
    flights_done_on = DateField(allow_null=True, required=False)
    missing = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()
    done = serializers.DictField(
        child=DateField(allow_null=True),
        write_only=True,
        required=False,
        help_text=(
            "Written only: when items of the programme's own checklist (`items`) were done, "
            "by their text; null: not done. The NYSF's items are the date fields above."
        ),
    )

    def get_missing(self, application: Application) -> list[str]:
        return checklist.missing_before_departure(application)

    def validate_done(self, done: dict) -> dict:
        """Only items of the application's programme's own checklist."""
        application = self.root.instance
        items = checklist.items_of(application)
        own = {item.text for item in items if not item.field}
        columns = {item.text: item.field for item in items if item.field}
        problems = []
        for text in done:
            if text in columns:
                problems.append(
                    _("“%(item)s” is written in the field %(field)s.")
                    % {"item": text, "field": columns[text]}
                )
            elif text not in own:
                problems.append(
                    _("“%(item)s” is not an item of the %(programme)s checklist.")
                    % {"item": text, "programme": application.programme.name}
                )
        if problems:
            raise serializers.ValidationError(problems)
        return done

    @extend_schema_field(ChecklistItemSerializer(many=True))
    def get_items(self, application: Application) -> list[dict]:
        """The programme's own items (not the NYSF's columns above) and when each was done."""
        return [
            {"text": item.text, "done_on": checklist.done_on(application, item)}
            for item in checklist.items_of(application)
            if not item.field
        ]


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
    # Chosen on the public form, like the school.
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
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
            "programme",
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
        done = validated_data.pop("done", None)
        return checklist.update_travel(
            application, actor=self.context["request"].user, ticks=done, **validated_data
        )


class ApplicationFilter(filters.FilterSet):
    season = VisibleChoiceFilter(visible_to=seasons_visible_to)
    school = VisibleChoiceFilter(visible_to=schools_visible_to)
    # The row's own column: no join can repeat a row, so no DISTINCT.
    status = filters.MultipleChoiceFilter(choices=Application.Status.choices, distinct=False)
    school_name = filters.CharFilter(field_name="school__name", lookup_expr="icontains")
    programme = VisibleChoiceFilter(visible_to=programmes_visible_to, to_field_name="slug")

    class Meta:
        model = Application
        fields = ["season", "programme", "status", "gender", "school", "school_name"]


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
    checklist: the NYSF's items in their date fields, a programme's own items in
    `checklist.done` ({item text: date or null})."""

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


class OutboundProgrammeSerializer(ModelSerializer):
    """A programme; `checklist_items` (in order) replaces its checklist when written."""

    host_country = CountryField()
    checklist_items = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False
    )
    candidates_per_school_and_gender = serializers.IntegerField(
        min_value=1, allow_null=True, required=False, help_text="null: no limit"
    )
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=365), required=False
    )
    required_documents = serializers.ListField(
        child=serializers.ChoiceField(
            choices=[ApplicationDocument.Kind.CV, ApplicationDocument.Kind.MOTIVATION_LETTER]
        ),
        required=False,
    )

    class Meta:
        model = OutboundProgramme
        fields = [
            "id",
            "slug",
            "name",
            "host_country",
            "host_city",
            "places",
            "candidates_per_school_and_gender",
            "application_deadline",
            "departure_on",
            "return_on",
            "checklist_items",
            "reminder_days",
            "required_documents",
            "is_active",
        ]
        # The service checks names and slugs ignoring case (one message for the portal too).
        extra_kwargs = {"slug": {"validators": []}, "name": {"validators": []}}

    def create(self, validated_data: dict) -> OutboundProgramme:
        return programmes.save_programme(actor=self.context["request"].user, **validated_data)

    def update(self, programme: OutboundProgramme, validated_data: dict) -> OutboundProgramme:
        return programmes.save_programme(
            programme, actor=self.context["request"].user, **validated_data
        )


class OutboundProgrammeViewSet(
    ScopedQuerysetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The programmes abroad pupils apply to (the NYSF exists from the start); organisers add
    and change them. Applications to a programme: /api/v1/exchange-applications/?programme=."""

    selector = programmes_visible_to
    serializer_class = OutboundProgrammeSerializer
    permission_classes = [IsOrganiser]
    search_fields = ["name", "slug", "host_city"]
    ordering_fields = ["name", "slug"]
    ordering = ["name"]
