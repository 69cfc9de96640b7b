"""API for alumni (organisers only): who agreed to stay in touch, with exactly the details each
agreed to keep; a detail not agreed to is null."""

from rest_framework import serializers, viewsets

from api.base import ModelSerializer, ScopedQuerysetMixin
from api.permissions import IsOrganiser
from ish.alumni.filters import AlumnusFilter
from ish.alumni.models import Alumnus
from ish.alumni.selectors import alumni_visible_to


class AlumnusSerializer(ModelSerializer):
    name = serializers.CharField(read_only=True, allow_null=True)
    city = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    lab = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    email = serializers.EmailField(read_only=True, allow_null=True)
    later_studies = serializers.CharField(read_only=True, allow_null=True)
    consent = serializers.ListField(
        child=serializers.ChoiceField(choices=Alumnus.Field.choices),
        read_only=True,
        help_text="The details the alumnus agreed to keep; every other one is null.",
    )

    class Meta:
        model = Alumnus
        fields = [
            "id", "name", "city", "season", "lab", "email", "later_studies", "consented_at",
            "consent", "consent_version", "unsubscribed_at",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, alumnus: Alumnus) -> dict:
        data = super().to_representation(alumnus)
        for name in Alumnus.Field.values:
            if name not in alumnus.consent:
                data[name] = None
        return data


class AlumnusViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    selector = alumni_visible_to
    serializer_class = AlumnusSerializer
    permission_classes = [IsOrganiser]
    filterset_class = AlumnusFilter
    search_fields = ["name", "email", "later_studies"]
    ordering_fields = ["consented_at", "name", "season__year"]
    ordering = ["-season__year", "name", "id"]
