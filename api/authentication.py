"""How API callers authenticate: a token (django-rest-knox, `Authorization: Token <token>`) or
the portal's session. Either way an organiser who must still set up a second factor is refused
with 403 naming it, except by the views marked `second_factor_exempt` (`me`, the second
factor's own endpoints, their tokens).

No view is imported here: REST framework loads these classes while it defines its views."""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import authentication, exceptions

from ish.accounts.second_factor import SECOND_FACTOR_REQUIRED, second_factor_missing


class SecondFactorRequired(exceptions.PermissionDenied):
    default_detail = SECOND_FACTOR_REQUIRED
    default_code = "second_factor_required"


class _RequiresSecondFactor:
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and second_factor_missing(result[0]):
            view = (request.parser_context or {}).get("view")
            if not getattr(view, "second_factor_exempt", False):
                raise SecondFactorRequired
        return result


class TokenAuthentication(_RequiresSecondFactor, KnoxTokenAuthentication):
    pass


class SessionAuthentication(_RequiresSecondFactor, authentication.SessionAuthentication):
    pass


# The OpenAPI schema describes them as the classes they extend.
class TokenAuthenticationScheme(KnoxTokenScheme):
    target_class = TokenAuthentication


class SessionAuthenticationScheme(SessionScheme):
    target_class = SessionAuthentication
