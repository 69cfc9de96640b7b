"""API for nominations: the coordinators' students, their documents, transitions and imports."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import DOCUMENT_DOWNLOAD, ScopedQuerysetMixin, TransitionsMixin
from api.nomination_rows import NominationRows
from api.nomination_serializers import (
    DocumentListQuery,
    DocumentSerializer,
    DocumentUploadSerializer,
    HistorySerializer,
    ImportRowErrorSerializer,
    ImportSerializer,
    NominationSerializer,
    NominationSummarySerializer,
    RankSerializer,
    TransitionSerializer,
)
from api.permissions import IsCoordinator, IsLabHost, IsOrganiser, ReadOnly
from api.rows import Formats, RowsListMixin
from ish.audit import record_read
from ish.nominations import documents, services, spreadsheet
from ish.nominations.filters import NominationFilter
from ish.nominations.models import Nomination
from ish.nominations.selectors import (
    documents_visible_to,
    history_of,
    may_see_sensitive,
    nominations_visible_to,
)
from ish.participants import links
from ish.participants import personal_data as nomination_data
from ish.participants import services as participants
from ish.seasons.models import Season
from ish.uploads import document_response, owned_document_or_404

TRANSITION_RESPONSES = {200: NominationSerializer}


@extend_schema_view(
    list=extend_schema(
        description="Nominations in the caller's scope, filtered by `season` (id), `city` (slug), "
        "`status` (repeatable) and `search` (words in the names, e-mail address or school; for "
        "lab hosts not the e-mail address). The rows leave out the sensitive fields "
        "(passport, dietary, medical, emergency contact): read a single nomination for those."
    )
)
class NominationViewSet(
    RowsListMixin, TransitionsMixin, ScopedQuerysetMixin, viewsets.ModelViewSet
):
    selector = nominations_visible_to
    # Every role reads its scope (a lab host: the students offered to their lab); organisers
    # and coordinators write.
    permission_classes = [IsOrganiser | IsCoordinator | IsLabHost & ReadOnly]
    # The FilterSet has `search` itself (the portal's search), so no SearchFilter.
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = NominationFilter
    transition_body = TransitionSerializer
    ordering_fields = ["rank", "family_name", "given_name", "status", "submitted_at", "created_at"]
    ordering = ["season", "city__name", "rank", "family_name"]

    def get_serializer_class(self) -> type[NominationSerializer]:
        if self.action == "list":
            return NominationSummarySerializer
        return NominationSerializer

    def list_rows(self, formats: Formats) -> NominationRows:
        return NominationRows(formats)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        """One nomination; with its sensitive fields, for those who may see them (a read the
        audit trail keeps)."""
        # The object only names the nomination (and its audit entry); its values are read as a
        # list's rows are.
        nomination = self.get_object()
        if may_see_sensitive(request.user):
            record_read(nomination, request.user)
        rows = NominationRows(Formats(request), whole=True)
        return Response(rows.write(rows.read(Nomination.objects.filter(pk=nomination.pk)))[0])

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            # What the audit entry names it by (its str()): nothing is parsed or prefetched.
            return queryset.prefetch_related(None).only(
                "given_name", "family_name", "season__year", "season__title", "city__name"
            )
        return queryset

    def perform_destroy(self, nomination: Nomination) -> None:
        services.delete_nomination(nomination, actor=self.request.user)

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk=None) -> Response:
        """Submit a complete draft, within the deadline and the city's quota."""
        return self.transition(request, "submit", participants.perform)

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk=None) -> Response:
        """Accept (organisers); beyond the city's places only with `over_quota`."""
        return self.transition(request, "accept", participants.perform)

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def waitlist(self, request: Request, pk=None) -> Response:
        return self.transition(request, "waitlist", participants.perform)

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk=None) -> Response:
        return self.transition(request, "decline", participants.perform)

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk=None) -> Response:
        return self.transition(request, "confirm", participants.perform)

    @extend_schema(request=TransitionSerializer, responses=TRANSITION_RESPONSES)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk=None) -> Response:
        """Withdraw; an accepted student's placement and bed are released."""
        return self.transition(request, "withdraw", participants.perform)

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
        link = links.send_link(nomination, resend=True)
        return Response({"email": nomination.email, "sent_at": link.sent_at})

    @extend_schema(responses=HistorySerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
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

    @extend_schema(responses=DOCUMENT_DOWNLOAD)
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>\d+)/download",
        url_name="document-download",
    )
    def download(self, request: Request, pk=None, document_id=None) -> FileResponse:
        """Download one document (also replaced ones), if the caller may see it."""
        document = owned_document_or_404(documents_visible_to(request.user), pk, document_id)
        return document_response(document, request.user)

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path="personal-data",
        url_name="personal-data",
        permission_classes=[IsOrganiser],
    )
    def personal_data(self, request: Request, pk=None) -> FileResponse:
        """Everything stored about the student (the nomination, its history, placements, beds,
        e-mails and audit trail in `data.json`) and their documents, current and replaced, as
        one ZIP (organisers). The download is kept in the audit trail."""
        return nomination_data.download(self.get_object(), request.user)

    @extend_schema(request=RankSerializer, responses={204: None})
    @action(detail=False, methods=["post"])
    def rank(self, request: Request) -> Response:
        """Set the coordinator's ranking of a city's nominations: `order` lists every id."""
        payload = RankSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        city = services.city_for(request.user, payload.validated_data.get("city"))
        services.rank_nominations(
            actor=request.user,
            season=payload.validated_data["season"],
            city=city,
            order=payload.validated_data["order"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[OpenApiParameter("season", int, required=True)],
        responses={
            (200, spreadsheet.XLSX): OpenApiTypes.BINARY,
            404: OpenApiResponse(description="No season has this id."),
        },
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="import-template",
        permission_classes=[IsOrganiser | IsCoordinator],
    )
    def import_template(self, request: Request) -> HttpResponse:
        """An Excel template with the columns, a comment per column and drop-downs."""
        season = get_object_or_404(Season, pk=_int_param(request, "season"))
        return spreadsheet.template_response(season)

    @extend_schema(
        request={"multipart/form-data": ImportSerializer},
        responses={
            201: inline_serializer("ImportCreated", {"created": serializers.IntegerField()}),
            # Row errors; a missing season or file answers with field errors (api/schema.py).
            400: inline_serializer(
                "ImportRejected", {"errors": ImportRowErrorSerializer(many=True)}
            ),
        },
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request: Request) -> Response:
        """Import nominations from the Excel template: every row or none."""
        payload = ImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        named = payload.validated_data.get("city") if request.user.is_organiser else None
        city = services.city_for(request.user, named)
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


def _int_param(request: Request, name: str) -> int:
    value = request.query_params.get(name, "")
    if not (value.isascii() and value.isdigit()):  # "²" is a digit to isdigit(), not to int()
        raise ValidationError({name: [_("Give the season's id, e.g. ?season=1.")]})
    return int(value)
