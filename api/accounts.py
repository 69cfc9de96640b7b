"""API for the signed-in user (`me`) and, for organisers, user accounts."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.base import ModelRulesSerializer, ModelSerializer, ScopedQuerysetMixin, SlugRelatedField
from api.permissions import IsOrganiser
from ish.accounts import services
from ish.accounts.models import User
from ish.accounts.selectors import users_visible_to
from ish.filters import VisibleChoiceFilter
from ish.labs.models import Lab
from ish.labs.selectors import labs_visible_to
from ish.seasons.models import City


class MeSerializer(ModelSerializer):
    role = serializers.CharField(source="effective_role")
    city = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["username", "email", "role", "city", "lab", "first_name", "last_name", "language"]
        read_only_fields = fields


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


class UserSerializer(ModelRulesSerializer):
    city = SlugRelatedField(
        slug_field="slug", queryset=City.objects.all(), required=False, allow_null=True
    )
    lab = serializers.PrimaryKeyRelatedField(
        queryset=Lab.objects.all(), required=False, allow_null=True
    )
    password = serializers.CharField(write_only=True, style={"input_type": "password"})

    class Meta:
        model = User
        fields = [
            "id", "username", "email", "password", "role", "city", "lab",
            "first_name", "last_name", "language", "is_active", "last_login", "date_joined",
        ]  # fmt: skip
        read_only_fields = ["last_login", "date_joined"]
        extra_kwargs = {"email": {"required": True, "allow_blank": False}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # a password is set on creation; changing it is optional
            fields["password"].required = False
        return fields

    def create(self, validated_data: dict) -> User:
        return services.create_user(**validated_data)

    def update(self, instance: User, validated_data: dict) -> User:
        password = validated_data.pop("password", None)
        return services.update_user(instance, password=password, **validated_data)


class UserFilter(filters.FilterSet):
    city = filters.CharFilter(field_name="city__slug")
    lab = VisibleChoiceFilter(visible_to=labs_visible_to)

    class Meta:
        model = User
        fields = ["role", "city", "lab", "is_active", "language"]


class UserViewSet(
    ScopedQuerysetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """User accounts. Deactivate an account with `PATCH {"is_active": false}`; nothing is deleted,
    so the history of who decided what stays intact."""

    selector = users_visible_to
    serializer_class = UserSerializer
    permission_classes = [IsOrganiser]
    filterset_class = UserFilter
    search_fields = ["username", "email", "first_name", "last_name"]
    ordering_fields = ["username", "last_name", "date_joined", "role"]
    ordering = ["username"]
