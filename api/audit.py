"""API for the audit trail: who changed or read what, when and from which address, searched by
object, actor and time, within the caller's scope (ish.nominations.selectors)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import IsCoordinator, IsOrganiser
from ish import audit
from ish.nominations.selectors import audit_entries_visible_to, trail_visible_to


class AuditQuery(serializers.Serializer):
    object = serializers.CharField(
        required=False,
        max_length=100,
        help_text="`<model>:<id>`, the model's name in lower case: `nomination:12`, "
        "`placement:3`, `housingassignment:7`, `application:5`, `document:9`, …",
    )
    actor = serializers.CharField(required=False, max_length=150, help_text="A username.")
    since = serializers.DateTimeField(required=False, help_text="Entries from this moment on.")

    def validate_object(self, value: str) -> tuple[str, int]:
        try:
            return audit.named_object(value)
        except ValueError:
            raise serializers.ValidationError(
                _("Name an object as <model>:<id>, for example nomination:12.")
            ) from None


class AuditEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = serializers.CharField(allow_null=True, help_text="The username; null: no user acted.")
    address = serializers.CharField(allow_null=True, help_text="The client's address.")
    object = serializers.CharField(help_text="`<model>:<id>`")
    action = serializers.ChoiceField(choices=audit.ACTIONS)
    changes = serializers.DictField(
        child=serializers.ListField(),
        help_text="`{field: [old, new]}`; sensitive values masked for everyone but organisers.",
    )
    file = serializers.CharField(help_text="What a download served.")
    by = serializers.CharField(
        help_text="Who read without an account (`student`: through their self-service link)."
    )


class AuditViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The audit trail, newest first: every change of the followed records (field by field),
    and every read of personal data. Organisers read all of it; a coordinator the trail of their
    city's nominations, without other people's reads."""

    permission_classes = [IsOrganiser | IsCoordinator]
    serializer_class = AuditEntrySerializer
    filter_backends = []  # the query below is the whole filter

    @extend_schema(parameters=[AuditQuery])
    def list(self, request: Request, *args, **kwargs) -> Response:
        query = AuditQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        if "object" in wanted:
            entries = trail_visible_to(request.user, *wanted["object"])
            if entries is None:
                raise NotFound
        else:
            entries = audit_entries_visible_to(request.user)
        if "actor" in wanted:
            entries = entries.filter(actor__username=wanted["actor"])
        if "since" in wanted:
            entries = entries.filter(timestamp__gte=wanted["since"])
        page = self.paginate_queryset(entries)
        readable = audit.readable(page, request.user)
        return self.get_paginated_response(self.get_serializer(readable, many=True).data)
