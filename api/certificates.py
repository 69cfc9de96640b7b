"""API for a participant's certificate: its PDF, for the office and the student's coordinator,
refused (409, naming the rule) while the student has not completed the programme."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.views import APIView

from ish.letters.certificates import (
    certificate_for,
    certificates_visible_to,
    file_name,
    pdf_response,
)
from ish.letters.documents import DocumentsUnavailable


class DocumentsOff(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "documents_unavailable"


class NominationCertificateView(APIView):
    """The certificate of one participant as PDF. Organisers: everyone's; a coordinator: their
    city's; anyone else 404, as for a nomination that does not exist. Generating it again keeps
    its reference number (one certificate per participant and language)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "language",
                str,
                description="en (default), de, or the participant's own language once the "
                "office has written the certificate in it.",
            )
        ],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="`language`: unknown, or not offered."),
            404: OpenApiResponse(description="No nomination in the caller's scope has this id."),
            409: OpenApiResponse(description="Not completed: the rule and why not."),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        nomination = get_object_or_404(
            certificates_visible_to(request.user).select_related("season", "city"), pk=pk
        )
        try:
            letter, pdf = certificate_for(
                nomination, request.query_params.get("language"), user=request.user
            )
        except DocumentsUnavailable as unavailable:
            raise DocumentsOff(str(unavailable)) from unavailable
        return pdf_response(pdf, file_name(nomination, letter))
