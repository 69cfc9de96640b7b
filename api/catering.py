"""API for an event's catering: how many to feed, their diets and allergies (organisers)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import IsOrganiser
from ish.programme.catering import catering_for
from ish.programme.selectors import events_visible_to


class CateringSerializer(serializers.Serializer):
    expected = serializers.IntegerField(
        help_text="Participants the audience names, less those marked excused or absent."
    )
    meals = serializers.IntegerField(help_text="Meals to order: `expected`, or 0 without a meal.")
    diets = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Diet label in the reader's language → participants keeping it; diets nobody "
        "keeps are left out, and those without a special diet are counted under its label.",
    )
    other = serializers.ListField(
        child=serializers.CharField(),
        help_text="Each dietary requirement not fully recognised, as the participant wrote it.",
    )
    allergies = serializers.ListField(
        child=serializers.CharField(), help_text="Each expected participant's allergies."
    )


class EventCateringView(APIView):
    """The caterer's numbers for one event. Organisers only: other roles get 403 for every id,
    as for the office's other endpoints, so the answer reveals no event."""

    permission_classes = [IsOrganiser]

    @extend_schema(responses=CateringSerializer)
    def get(self, request: Request, pk: int) -> Response:
        catering = catering_for(get_object_or_404(events_visible_to(request.user), pk=pk))
        data = {
            "expected": catering.expected,
            "meals": catering.meals,
            "diets": dict(catering.diet_labels()),
            "other": catering.other,
            "allergies": catering.allergies,
        }
        return Response(CateringSerializer(data).data)
