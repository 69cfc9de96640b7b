"""API for cities, research fields, seasons and quotas."""

from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from api.base import (
    SLUG_LOOKUP_REGEX,
    CountryField,
    ModelRulesSerializer,
    ModelSerializer,
    ScopedQuerysetMixin,
    SlugRelatedField,
)
from api.permissions import OrganiserOrCoordinatorReads, ReadAnyWriteOrganiser
from ish.filters import VisibleChoiceFilter
from ish.seasons.models import City, Quota, ResearchField, Season
from ish.seasons.selectors import (
    cities_visible_to,
    fields_visible_to,
    quotas_visible_to,
    seasons_visible_to,
)


# Every action that takes a season (matching, suggestions, confirming all, ranking, importing)
# reads it with this serializer, or one that extends it.
class SeasonPickSerializer(serializers.Serializer):
    """The season the action is about."""

    season = serializers.PrimaryKeyRelatedField(queryset=Season.objects.all())


class CitySerializer(ModelRulesSerializer):
    country = CountryField()

    class Meta:
        model = City
        fields = ["slug", "name", "country", "kind", "time_zone"]


class CityViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    selector = cities_visible_to
    serializer_class = CitySerializer
    permission_classes = [ReadAnyWriteOrganiser]
    lookup_field = "slug"
    lookup_value_regex = SLUG_LOOKUP_REGEX
    filterset_fields = ["kind", "country"]
    search_fields = ["name", "slug"]
    ordering_fields = ["name", "slug", "country"]
    ordering = ["name"]


class ResearchFieldSerializer(ModelSerializer):
    class Meta:
        model = ResearchField
        fields = ["slug", "name"]


class ResearchFieldViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    selector = fields_visible_to
    serializer_class = ResearchFieldSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_LOOKUP_REGEX
    search_fields = ["name", "slug"]
    ordering_fields = ["name", "slug"]
    ordering = ["name"]


class SeasonSerializer(ModelRulesSerializer):
    class Meta:
        model = Season
        fields = [
            "id", "year", "title", "starts_on", "ends_on", "nomination_deadline",
            "exchange_deadline", "min_age", "max_age",
        ]  # fmt: skip


class SeasonViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    selector = seasons_visible_to
    serializer_class = SeasonSerializer
    permission_classes = [ReadAnyWriteOrganiser]
    filterset_fields = ["year"]
    search_fields = ["title"]
    ordering_fields = ["year", "starts_on", "nomination_deadline"]
    ordering = ["-year"]


class QuotaSerializer(ModelRulesSerializer):
    city = SlugRelatedField(slug_field="slug", queryset=City.objects.all())
    effective_deadline = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Quota
        fields = ["id", "season", "city", "places", "alternates", "deadline", "effective_deadline"]


class QuotaFilter(filters.FilterSet):
    season = VisibleChoiceFilter(visible_to=seasons_visible_to)
    city = filters.CharFilter(field_name="city__slug")

    class Meta:
        model = Quota
        fields = ["season", "city"]


class QuotaViewSet(ScopedQuerysetMixin, viewsets.ModelViewSet):
    selector = quotas_visible_to
    serializer_class = QuotaSerializer
    permission_classes = [OrganiserOrCoordinatorReads]
    filterset_class = QuotaFilter
    search_fields = ["city__name", "city__slug"]
    ordering_fields = ["city__name", "places", "deadline"]
    ordering = ["season", "city__name"]
