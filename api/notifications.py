"""API for the e-mail outbox (organisers only): every message and its delivery status."""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import ModelSerializer, ScopedQuerysetMixin
from api.exceptions import Conflict
from api.permissions import IsOrganiser
from ish.notifications import services
from ish.notifications.filters import EmailFilter
from ish.notifications.models import OutboundEmail
from ish.notifications.selectors import emails_visible_to


class EmailSerializer(ModelSerializer):
    class Meta:
        model = OutboundEmail
        fields = [
            "id", "to", "subject", "event", "language", "status", "attempts", "last_error",
            "created_at", "sent_at",
        ]  # fmt: skip
        read_only_fields = fields


class EmailDetailSerializer(EmailSerializer):
    class Meta(EmailSerializer.Meta):
        fields = [*EmailSerializer.Meta.fields, "body_text", "body_html"]
        read_only_fields = fields


class EmailViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    selector = emails_visible_to
    permission_classes = [IsOrganiser]
    filterset_class = EmailFilter
    search_fields = ["to", "subject", "recipient_name"]
    ordering_fields = ["created_at", "sent_at", "status", "attempts"]
    ordering = ["-created_at", "-id"]

    def get_serializer_class(self):
        return EmailDetailSerializer if self.action == "retrieve" else EmailSerializer

    @extend_schema(request=None, responses=EmailSerializer)
    @action(detail=True, methods=["post"])
    def resend(self, request: Request, pk=None) -> Response:
        """Give a failed message a fresh set of delivery attempts."""
        try:
            email = services.resend(self.get_object())
        except services.ResendRefused as refused:
            raise Conflict(str(refused)) from None
        return Response(EmailSerializer(email).data)
