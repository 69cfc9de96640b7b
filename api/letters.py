"""API for the letters about one accepted student, as PDF: the letter of invitation (for the
visa) and the letter of acceptance. Organisers and the student's own coordinator; lab hosts and
other cities get 404, as for any object outside their scope."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from api.schema import AutoSchema
from ish.letters import student_letters
from ish.letters.documents import DocumentsUnavailable, pdf_response
from ish.letters.models import Kind
from ish.letters.selectors import nominations_with_letters_for


class PDFRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class AlwaysThePDF(BaseContentNegotiation):
    """A letter has one answer: neither `Accept` nor `?format=` turns it into a 404 or a 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class LettersUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "letters_unavailable"


LANGUAGE = OpenApiParameter(
    "language",
    str,
    description="en, de, or a language the office has written this letter in (the texts "
    "page); without it English (the acceptance: the student's language where written).",
)
RESPONSES = {
    (200, "application/pdf"): OpenApiTypes.BINARY,
    400: OpenApiResponse(description=_("A language the letter is not written in.")),
    404: OpenApiResponse(description=_("No such nomination in the caller's scope.")),
    409: OpenApiResponse(description=_("The student is not accepted.")),
    503: OpenApiResponse(description=_("This server cannot render PDFs (a library is missing).")),
}
EXCLUDE_FORMAT = OpenApiParameter("format", exclude=True)


# Each kind's operation in the schema: its id (clients' generated names) and its description.
OPERATIONS = {
    Kind.INVITATION: (
        "nominations_invitation_letter",
        "The letter of invitation for the visa of an accepted student: the name as in the\n"
        "passport, date of birth, nationality, passport number, the programme's dates and\n"
        "purpose, who covers what, the host's address and the office's contact, with a reference\n"
        "number and a verification link. Each call issues a new reference (audited).",
    ),
    Kind.ACCEPTANCE: (
        "nominations_acceptance_letter",
        "The letter of acceptance of an accepted student, with a reference number and a\n"
        "verification link. Each call issues a new reference (audited).",
    ),
}


class LetterSchema(AutoSchema):
    """One view serves every kind of letter: the kind it was routed with names and describes
    the operation."""

    def get_operation_id(self) -> str:
        return OPERATIONS[self.view.kind][0]

    def get_description(self) -> str:
        return OPERATIONS[self.view.kind][1]


class LetterView(APIView):
    """A student's letter of one kind (`as_view(kind=...)`), as PDF."""

    renderer_classes = [PDFRenderer, JSONRenderer]  # JSON: the errors'
    content_negotiation_class = AlwaysThePDF
    schema = LetterSchema()
    kind: str = ""

    @extend_schema(parameters=[LANGUAGE, EXCLUDE_FORMAT], responses=RESPONSES)
    def get(self, request: Request, pk: int) -> HttpResponse:
        nomination = get_object_or_404(nominations_with_letters_for(request.user), pk=pk)
        try:
            document = student_letters.generate(
                self.kind, nomination, request.query_params.get("language"), request.user
            )
        except DocumentsUnavailable as unavailable:
            raise LettersUnavailable(str(unavailable)) from unavailable
        return pdf_response(document.pdf, document.filename)

    def handle_exception(self, exc):
        # Errors in DRF's JSON shape, as everywhere in the API, not as a "PDF".
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
