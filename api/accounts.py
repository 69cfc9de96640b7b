"""API for signing in (tokens), the signed-in user (`me`: their second factor and tokens) and,
for organisers, user accounts and their tokens."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.base import ModelRulesSerializer, ModelSerializer, ScopedQuerysetMixin, SlugRelatedField
from api.permissions import IsOrganiser
from ish.accounts import second_factor, services, tokens
from ish.accounts.models import User
from ish.accounts.selectors import tokens_visible_to, users_visible_to
from ish.filters import VisibleChoiceFilter
from ish.labs.models import Lab
from ish.labs.selectors import labs_visible_to
from ish.programme import calendars
from ish.seasons.models import City


class MeSerializer(ModelSerializer):
    role = serializers.CharField(source="effective_role")
    city = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    calendar_url = serializers.SerializerMethodField(
        help_text="The caller's programme as an iCalendar feed: a secret address that works "
        "without credentials, made on first need and reset on the portal's calendar page."
    )

    class Meta:
        model = User
        fields = [
            "username", "email", "role", "city", "lab", "first_name", "last_name", "language",
            "calendar_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_calendar_url(self, user: User) -> str:
        return calendars.feed_url(user)


class MeView(APIView):
    second_factor_exempt = True

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


# --- signing in --------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text="The current code of the account's authenticator app, or one of its recovery "
        "codes; required once the account has a second factor.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")


class ObtainTokenView(APIView):
    """A new API token for the account, valid for API_TOKEN_HOURS hours. Repeated failures for
    an account or from an address answer 429 for a while, whether the account exists or not."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            429: OpenApiResponse(description="Too many failed sign-ins: wait and try again."),
        },
    )
    def post(self, request: Request) -> Response:
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        # django-axes counts failures on Django's own request, and its middleware answers a
        # locked-out one with the lockout (ish.accounts.lockout.locked_out).
        token = tokens.sign_in_for_token(request._request, **body.validated_data)
        return Response({"token": token})


# --- the second factor -------------------------------------------------------------------------


class SecondFactorSetUpSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="The TOTP key in base32 (SHA-1, 6 digits, 30 s).")
    otpauth_url = serializers.CharField(help_text="The same key as an `otpauth://` URL.")


class CodeSerializer(serializers.Serializer):
    otp = serializers.CharField(max_length=32, help_text="A code the new key made.")
    current_otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text="A code of the current authenticator app, or a recovery code; required when "
        "the new key replaces a confirmed second factor.",
    )


class RecoveryCodesSerializer(serializers.Serializer):
    recovery_codes = serializers.ListField(
        child=serializers.CharField(), help_text="Each signs in once; shown only now."
    )


class SecondFactorView(APIView):
    """Starts setting up a second factor: a new TOTP key, unconfirmed until a code made with it
    is confirmed; an earlier confirmed key keeps working until then."""

    second_factor_exempt = True

    @extend_schema(request=None, responses={201: SecondFactorSetUpSerializer})
    def post(self, request: Request) -> Response:
        device = second_factor.start_set_up(request.user)
        body = {"secret": second_factor.secret_of(device), "otpauth_url": device.config_url}
        return Response(body, status=status.HTTP_201_CREATED)


class SecondFactorConfirmView(APIView):
    """Confirms the new key with a code it made; from then on signing in asks for a code.
    Replacing a confirmed second factor also takes `current_otp`, a code of the current one."""

    second_factor_exempt = True

    @extend_schema(request=CodeSerializer, responses={200: RecoveryCodesSerializer})
    def post(self, request: Request) -> Response:
        body = CodeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        codes = second_factor.confirm_set_up(
            request._request,  # django-axes counts a wrong current code on Django's request
            request.user,
            body.validated_data["otp"],
            body.validated_data.get("current_otp", ""),
        )
        return Response({"recovery_codes": codes})


# --- tokens ------------------------------------------------------------------------------------


class TokenListSerializer(serializers.Serializer):
    key = serializers.CharField(source="token_key", help_text="The token's first characters.")
    created = serializers.DateTimeField(read_only=True)
    expires = serializers.DateTimeField(source="expiry", allow_null=True, read_only=True)
    current = serializers.SerializerMethodField(help_text="Whether this request uses it.")

    def get_current(self, token) -> bool:
        used = self.context["request"].auth
        return getattr(used, "digest", None) == token.digest


def _token_list(request: Request, owner: User) -> Response:
    listed = tokens_visible_to(request.user, owner)
    return Response(TokenListSerializer(listed, many=True, context={"request": request}).data)


def _revoke(request: Request, owner: User, key: str) -> Response:
    if not tokens.revoke_token(request.user, owner, key):
        raise exceptions.NotFound
    return Response(status=status.HTTP_204_NO_CONTENT)


class MyTokensView(APIView):
    """The caller's unexpired API tokens, newest first."""

    second_factor_exempt = True

    @extend_schema(responses=TokenListSerializer(many=True))
    def get(self, request: Request) -> Response:
        return _token_list(request, request.user)


class MyTokenView(APIView):
    """Revoke one of the caller's tokens (by its `key`); the one in use may be revoked too."""

    second_factor_exempt = True

    @extend_schema(responses={204: None})
    def delete(self, request: Request, key: str) -> Response:
        return _revoke(request, request.user, key)


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

    @extend_schema(responses=TokenListSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def tokens(self, request: Request, pk=None) -> Response:
        """The user's unexpired API tokens."""
        return _token_list(request, self.get_object())

    @extend_schema(responses={204: None}, filters=False)
    @action(detail=True, methods=["delete"], url_path=r"tokens/(?P<key>[0-9a-f]+)")
    def revoke_token(self, request: Request, key: str, pk=None) -> Response:
        """Revoke one of the user's API tokens (by its `key`)."""
        return _revoke(request, self.get_object(), key)
