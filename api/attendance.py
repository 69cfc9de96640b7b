"""`/api/v1/events/{id}/attendance/`: an event's attendance list as the caller sees it, and
marking one participant."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from ish.programme import attendance
from ish.programme.models import Attendance, Event


class AttendanceSerializer(serializers.Serializer):
    """One participant expected at the event: `expected` until someone marks them; `reason`
    only for `excused`."""

    nomination = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    reason = serializers.CharField(
        max_length=attendance.REASON_MAX_LENGTH, allow_blank=True, required=False, default=""
    )

    def to_representation(self, row) -> dict:
        if isinstance(row, Attendance):
            return {"nomination": row.nomination_id, "status": row.status, "reason": row.reason}
        return {
            "nomination": row.pk,
            "status": row.attendance_status,
            "reason": row.attendance_reason,
        }


class EventAttendanceView(generics.ListAPIView):
    """Every participant the event expects whom the caller may see (the office all, a
    coordinator their city's, a lab host their lab's students at lab events), by family name;
    `POST` marks one (the office; a lab host their own students at lab events)."""

    serializer_class = AttendanceSerializer
    filter_backends: list = []
    queryset = Event.objects.none()  # for the schema; reads go through the selectors

    def event(self) -> Event:
        events = attendance.attendance_events_visible_to(self.request.user)
        return get_object_or_404(events, pk=self.kwargs["pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        return attendance.attendance_of(self.event(), self.request.user)

    @extend_schema(request=AttendanceSerializer, responses={200: AttendanceSerializer})
    def post(self, request, pk: int) -> Response:
        event = self.event()  # a coordinator's: mark() refuses them (403)
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = attendance.mark(
            event,
            serializer.validated_data["nomination"],
            serializer.validated_data["status"],
            by=request.user,
            reason=serializer.validated_data["reason"],
        )
        return Response(AttendanceSerializer(row).data, status=status.HTTP_200_OK)
