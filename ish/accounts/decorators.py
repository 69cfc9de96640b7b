"""View decorators that admit users by role; which rows they see is still the selectors' job."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(*roles: str) -> Callable:
    """Signed-in users with one of `roles` (organisers always pass); others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not (request.user.is_organiser or request.user.effective_role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


organiser_required = role_required()


def second_factor_exempt(view: Callable) -> Callable:
    """A page an organiser still lacking a required second factor may open (signing in and out,
    setting the second factor up): `SecondFactorMiddleware` refuses every other."""
    view.second_factor_exempt = True
    return view
