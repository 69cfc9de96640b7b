"""API for host institutes and their labs."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from api.base import ModelRulesSerializer, ScopedQuerysetMixin, SlugRelatedField
from api.permissions import ReadAnyWriteOrganiser
from ish.filters import VisibleChoiceFilter
from ish.labs.models import Institute, Lab
from ish.labs.selectors import institutes_visible_to, labs_visible_to
from ish.languages import CEFR
from ish.seasons.models import ResearchField


class InstituteSerializer(ModelRulesSerializer):
    class Meta:
        model = Institute
        fields = ["id", "name", "short_name", "address"]


class InstituteViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    selector = institutes_visible_to
    serializer_class = InstituteSerializer
    permission_classes = [ReadAnyWriteOrganiser]
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "short_name"]
    ordering = ["name"]


# The same levels as a nomination's English level, so the schema refers to that enum: one of
# its own would name the same choices a second time (a schema warning).
@extend_schema_field(
    {
        "oneOf": [
            {"$ref": "#/components/schemas/EnglishLevelEnum"},
            {"$ref": "#/components/schemas/BlankEnum"},
        ]
    }
)
class PreferredEnglishLevelField(serializers.ChoiceField):
    """A CEFR level (A1 … C2), or "" for no preference."""


class LabSerializer(ModelRulesSerializer):
    fields = SlugRelatedField(
        slug_field="slug", queryset=ResearchField.objects.all(), many=True, allow_empty=False
    )
    min_english_level = PreferredEnglishLevelField(
        choices=CEFR.choices,
        allow_blank=True,
        required=False,
        help_text=Lab._meta.get_field("min_english_level").help_text,
    )

    class Meta:
        model = Lab
        fields = [
            "id", "institute", "name", "head", "fields", "capacity", "description",
            "min_english_level",
        ]  # fmt: skip


class LabFilter(filters.FilterSet):
    institute = VisibleChoiceFilter(visible_to=institutes_visible_to)
    field = filters.CharFilter(field_name="fields__slug", label="Research field (slug)")

    class Meta:
        model = Lab
        fields = ["institute", "field"]


class LabViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    selector = labs_visible_to
    serializer_class = LabSerializer
    permission_classes = [ReadAnyWriteOrganiser]
    filterset_class = LabFilter
    search_fields = ["name", "head", "institute__name", "institute__short_name"]
    ordering_fields = ["name", "capacity", "institute__name"]
    ordering = ["institute__name", "name"]
