"""API for nominations: the coordinators' students, their documents, transitions and imports."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_countries.serializer_fields import CountryField
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from phonenumber_field.serializerfields import PhoneNumberField
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import ScopedQuerysetMixin, SlugRelatedField
from ish.nominations import documents, services, spreadsheet
from ish.nominations.filters import NominationFilter
from ish.nominations.models import Document, Nomination
from ish.nominations.selectors import (
    LAB_HOST_FIELDS,
    SENSITIVE_FIELDS,
    documents_visible_to,
    history_of,
    nominations_visible_to,
)
from ish.participants import services as participants
from ish.seasons.models import City, ResearchField, Season


class NominationPermission(BasePermission):
    """Everyone with a role reads (their scope); organisers and coordinators write."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return user.is_organiser or user.is_coordinator or user.is_lab_host
        return user.is_organiser or user.is_coordinator


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "kind", "filename", "size", "content_type", "uploaded_at", "replaced_at",
            "download_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, document: Document) -> str:
        path = reverse("nomination-document-download", args=[document.nomination_id, document.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


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


class NominationSerializer(serializers.ModelSerializer):
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

    class Meta:
        model = Nomination
        fields = [
            "id", "season", "city", "rank", "status",
            "given_name", "family_name", "date_of_birth", "gender", "email", "phone",
            "nationality", "school", "graduation_year", "english_level", "german_level",
            "research_interests", "motivation", "language",
            "passport_number", "dietary_requirements", "medical_notes", "allergies",
            "emergency_contact_name", "emergency_contact_phone",
            "arrival_at", "departure_at", "arrival_details",
            "submitted_at", "decided_at", "created_at", "updated_at",
            "missing", "documents",
        ]  # fmt: skip
        read_only_fields = ["status", "submitted_at", "decided_at", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and getattr(request.user, "is_lab_host", False):
            allowed = {*LAB_HOST_FIELDS, "documents"}
            fields = {name: field for name, field in fields.items() if name in allowed}
        if self.instance is not None and not isinstance(self.instance, list):
            # A nomination stays in its season and city; withdraw and re-nominate instead.
            for name in ("season", "city"):
                if name in fields:
                    fields[name].read_only = True
        return fields

    def get_missing(self, nomination: Nomination) -> list[str]:
        return services.missing_items(nomination)

    def create(self, validated_data: dict) -> Nomination:
        user = self.context["request"].user
        city = _city_for(user, validated_data.pop("city", None))
        interests = validated_data.pop("research_interests", [])
        return services.create_nomination(
            actor=user,
            season=validated_data.pop("season"),
            city=city,
            interests=interests,
            **validated_data,
        )

    def update(self, nomination: Nomination, validated_data: dict) -> Nomination:
        return services.update_nomination(
            nomination,
            actor=self.context["request"].user,
            interests=validated_data.pop("research_interests", None),
            **validated_data,
        )


class NominationSummarySerializer(NominationSerializer):
    """A row of the list: the sensitive fields are shown only on a single nomination (and never
    to lab hosts), so a list of students never carries passports or medical notes."""

    class Meta(NominationSerializer.Meta):
        fields = [name for name in NominationSerializer.Meta.fields if name not in SENSITIVE_FIELDS]


class TransitionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    over_quota = serializers.BooleanField(
        required=False,
        default=False,
        help_text="accept only: accept even though the city's places are all taken",
    )


class HistorySerializer(serializers.Serializer):
    action = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    by = serializers.CharField(source="actor_label")
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class RankSerializer(serializers.Serializer):
    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())
    city = SlugRelatedField(slug_field="slug", queryset=City.objects.all(), required=False)
    order = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class ImportSerializer(serializers.Serializer):
    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())
    file = serializers.FileField()
    city = SlugRelatedField(slug_field="slug", queryset=City.objects.all(), required=False)


TRANSITION_RESPONSES = {200: NominationSerializer}


@extend_schema_view(
    list=extend_schema(
        description="Nominations in the caller's scope, filtered by `season` (id), `city` (slug), "
        "`status` (repeatable) and `search` (words in the names, e-mail address or school; for "
        "lab hosts not the e-mail address). The rows leave out the sensitive fields "
        "(passport, dietary, medical, emergency contact): read a single nomination for those."
    )
)
class NominationViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    selector = nominations_visible_to
    permission_classes = [NominationPermission]
    # The FilterSet has `search` itself (the portal's search), so no SearchFilter.
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = NominationFilter
    ordering_fields = ["rank", "family_name", "given_name", "status", "submitted_at", "created_at"]
    ordering = ["season", "city__name", "rank", "family_name"]

    def get_serializer_class(self) -> type[NominationSerializer]:
        if self.action == "list":
            return NominationSummarySerializer
        return NominationSerializer

    def perform_destroy(self, nomination: Nomination) -> None:
        services.delete_nomination(nomination, actor=self.request.user)

    def _transition(self, request: Request, action_name: str) -> Response:
        nomination = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.perform(
            nomination,
            action_name,
            actor=request.user,
            comment=payload.validated_data.get("comment", ""),
            over_quota=payload.validated_data["over_quota"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=nomination.pk)).data)

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        """Submit a complete draft, within the deadline and the city's quota."""
        return self._transition(request, "submit")

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk=None) -> Response:
        """Accept (organisers); beyond the city's places only with `over_quota`."""
        return self._transition(request, "accept")

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def waitlist(self, request: Request, pk=None) -> Response:
        return self._transition(request, "waitlist")

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk=None) -> Response:
        return self._transition(request, "decline")

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk=None) -> Response:
        return self._transition(request, "confirm")

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk=None) -> Response:
        """Withdraw; an accepted student's placement and bed are released."""
        return self._transition(request, "withdraw")

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "ParticipantLinkSent",
                {"email": serializers.EmailField(), "sent_at": serializers.DateTimeField()},
            )
        },
    )
    @action(detail=True, methods=["post"], url_path="send-link")
    def send_link(self, request: Request, pk=None) -> Response:
        """Mail an accepted student a new self-service link (organisers); the earlier one stops
        working."""
        nomination = self.get_object()
        if not request.user.is_organiser:
            self.permission_denied(request)
        link = participants.send_link(nomination, resend=True)
        return Response({"email": nomination.email, "sent_at": link.sent_at})

    @extend_schema(responses=HistorySerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk=None) -> Response:
        """Every status change: who, when, from what to what, and the comment. Not for lab
        hosts: the office's comments on a decision are not part of the profile they get."""
        nomination = self.get_object()
        if request.user.is_lab_host:
            self.permission_denied(request)
        return Response(HistorySerializer(history_of(nomination), many=True).data)

    @extend_schema(
        methods=["get"],
        parameters=[DocumentListQuery],
        responses=DocumentSerializer(many=True),
        operation_id="documents_list",
    )
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer},
        operation_id="documents_upload",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],  # one nomination's documents: no list filters, no pages
        pagination_class=None,
    )
    def documents(self, request: Request, pk=None) -> Response:
        """GET: the current documents; with `?include_replaced=true` also the earlier versions
        (newest first per kind, `replaced_at` set), each downloadable by its `download_url`.
        Lab hosts get the CV and motivation letter only. POST: upload one (PDF, PNG or JPEG by
        content, at most 10 MB); it replaces the current one of its kind (except `other`)."""
        nomination = self.get_object()
        if request.method == "GET":
            query = DocumentListQuery(data=request.query_params)
            query.is_valid(raise_exception=True)
            listed = documents_visible_to(request.user).filter(nomination=nomination)
            if not query.validated_data["include_replaced"]:
                listed = listed.filter(replaced_at__isnull=True)
            return Response(
                DocumentSerializer(listed, many=True, context={"request": request}).data
            )
        upload = DocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        document = documents.upload_document(
            nomination,
            actor=request.user,
            kind=upload.validated_data["kind"],
            upload=upload.validated_data["file"],
        )
        return Response(
            DocumentSerializer(document, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>\d+)/download",
        url_name="document-download",
    )
    def download(self, request: Request, pk=None, document_id=None) -> FileResponse:
        """Download one document (also replaced ones), if the caller may see it."""
        document = get_object_or_404(documents_visible_to(request.user), pk=document_id,
                                     nomination_id=pk)  # fmt: skip
        return documents.document_response(document)

    @extend_schema(request=RankSerializer, responses={204: None})
    @action(detail=False, methods=["post"])
    def rank(self, request: Request) -> Response:
        """Set the coordinator's ranking of a city's nominations: `order` lists every id."""
        payload = RankSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        city = _city_for(request.user, payload.validated_data.get("city"))
        services.rank_nominations(
            actor=request.user,
            season=payload.validated_data["season"],
            city=city,
            order=payload.validated_data["order"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[OpenApiParameter("season", int, required=True)],
        responses={(200, spreadsheet.XLSX): OpenApiTypes.BINARY},
    )
    @action(detail=False, methods=["get"], url_path="import-template")
    def import_template(self, request: Request) -> HttpResponse:
        """An Excel template with the columns, a comment per column and drop-downs."""
        if not (request.user.is_organiser or request.user.is_coordinator):
            self.permission_denied(request)
        season = get_object_or_404(Season, pk=_int_param(request, "season"))
        return spreadsheet.template_response(season)

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            201: inline_serializer("ImportCreated", {"created": serializers.IntegerField()}),
            400: inline_serializer(
                "ImportRejected",
                {"errors": serializers.ListField(child=serializers.DictField())},
            ),
        },
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request: Request) -> Response:
        """Import nominations from the Excel template: every row or none."""
        payload = ImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        named = payload.validated_data.get("city") if request.user.is_organiser else None
        city = _city_for(request.user, named)
        try:
            created = spreadsheet.import_nominations(
                payload.validated_data["file"],
                actor=request.user,
                season=payload.validated_data["season"],
                city=city,
            )
        except spreadsheet.ImportRejected as rejected:
            return Response({"errors": rejected.errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"created": len(created)}, status=status.HTTP_201_CREATED)


def _city_for(user, named: City | None) -> City:
    """The city a request is about: the one named, else the coordinator's own."""
    city = named or user.city
    if city is None:
        raise ValidationError({"city": ["Organisers must name the city."]})
    return city


def _int_param(request: Request, name: str) -> int:
    value = request.query_params.get(name, "")
    if not value.isdigit():
        raise ValidationError({name: ["Give the season's id, e.g. ?season=1."]})
    return int(value)
