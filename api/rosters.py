"""API for exports: Excel workbooks (certificates: a ZIP of PDFs) built by a worker, with
progress, within the caller's scope."""

from django.http import Http404
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import ModelSerializer, ScopedQuerysetMixin
from ish.audit import record_read
from ish.filters import VisibleChoiceFilter
from ish.rosters import services
from ish.rosters.models import ExportJob
from ish.rosters.selectors import exports_visible_to
from ish.seasons.models import Season
from ish.seasons.selectors import seasons_visible_to
from ish.spreadsheets import WORKBOOK_TYPE as XLSX
from ish.uploads import file_response


class ExportSerializer(ModelSerializer):
    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())
    download_url = serializers.SerializerMethodField()
    error = serializers.CharField(source="error_message", read_only=True)
    # The kinds' parameters (ish.spreadsheets.ExportKind.parameters), one field each; `null`
    # for a kind that takes none.
    event = serializers.IntegerField(
        source="parameters.event",
        required=False,
        allow_null=True,
        help_text="The event whose bus and room list to export (`kind=event` only).",
    )
    survey = serializers.IntegerField(
        source="parameters.survey",
        required=False,
        allow_null=True,
        help_text="The alumni survey whose answers to export (`kind=survey` only).",
    )

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "kind",
            "season",
            "event",
            "survey",
            "status",
            "progress",
            "rows",
            "download_url",
            "error",
            "created_at",
            "finished_at",
            "expires_at",
        ]
        read_only_fields = [
            "status",
            "progress",
            "rows",
            "created_at",
            "finished_at",
            "expires_at",
        ]

    def get_download_url(self, job: ExportJob) -> str | None:
        if not job.is_done:
            return None
        path = reverse("export-download", args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def create(self, validated_data: dict) -> ExportJob:
        # The kind checks its parameters (ValidationError naming each: 400 with that field).
        return services.request_export(user=self.context["request"].user, **validated_data)


class ExportFilter(filters.FilterSet):
    season = VisibleChoiceFilter(visible_to=seasons_visible_to)

    class Meta:
        model = ExportJob
        fields = ["kind", "status", "season"]


class ExportViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Start an export (`202`), then poll it: `progress` goes from 0 to 100 while a worker
    writes it; `download_url` appears when it is done. Files expire after a while."""

    selector = exports_visible_to
    serializer_class = ExportSerializer
    filterset_class = ExportFilter
    ordering_fields = ["created_at", "status"]
    ordering = ["-created_at", "-id"]

    @extend_schema(responses={202: ExportSerializer})
    def create(self, request: Request, *args, **kwargs) -> Response:
        response = super().create(request, *args, **kwargs)
        job = self.get_queryset().get(pk=response.data["id"])  # a worker may have finished it
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: ExportSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk=None) -> Response:
        """Run a failed export again."""
        job = services.retry(self.get_object(), user=request.user)
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        responses={(200, XLSX): OpenApiTypes.BINARY, (200, "application/zip"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"], url_name="download")
    def download(self, request: Request, pk=None):
        job = self.get_object()
        if not job.is_downloadable:
            raise Http404
        record_read(job, request.user, download=job.filename)
        return file_response(job.file, job.filename, job.content_type)
