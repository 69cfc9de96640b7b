"""The project's routes plus the two floors the API is measured against, served by the same
process: a constant JSON answer, and the same 50 nominations' columns read with `.values()`."""

from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.urls import path
from phonenumber_field.phonenumber import PhoneNumber

from ish.nominations.models import Nomination
from ish.urls import handler400, handler403, handler404, handler500, urlpatterns

# The nominations serializer's own columns (API.md), read as they are stored: the least any list
# of these 50 rows must do.
FLOOR_COLUMNS = [
    "id", "season_id", "city__slug", "rank", "status", "given_name", "family_name",
    "date_of_birth", "gender", "email", "phone", "nationality", "school", "graduation_year",
    "english_level", "german_level", "motivation", "language", "passport_number",
    "dietary_requirements", "medical_notes", "emergency_contact_name",
    "emergency_contact_phone", "arrival_at", "departure_at", "arrival_details", "submitted_at",
    "decided_at", "created_at", "updated_at",
]  # fmt: skip


class Encoder(DjangoJSONEncoder):
    """Dates as ISO text; phone numbers (read as PhoneNumber even by `.values()`) as stored."""

    def default(self, o):
        return o.as_e164 if isinstance(o, PhoneNumber) else super().default(o)


def constant(request):
    return JsonResponse({"count": 0, "next": None, "previous": None, "results": []})


def floor(request):
    rows = Nomination.objects.order_by("id").values(*FLOOR_COLUMNS)[:50]
    return JsonResponse(
        {"count": 50, "next": None, "previous": None, "results": list(rows)},
        encoder=Encoder,
    )


urlpatterns = [
    path("bench/constant/", constant),
    path("bench/floor/", floor),
    *urlpatterns,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
