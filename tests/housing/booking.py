"""Days of the 2027 season, beds booked through the housing service, and what the booking left
behind (the beds held, the mails sent), for the housing tests."""

import datetime as dt

from ish.housing import services
from ish.housing.models import HousingAssignment
from ish.notifications.models import OutboundEmail

Status = HousingAssignment.Status


def july(day: int) -> dt.date:
    return dt.date(2027, 7, day)


def august(day: int) -> dt.date:
    return dt.date(2027, 8, day)


def assign(organiser, nomination, accommodation, check_in=None, check_out=None):
    return services.assign(
        actor=organiser,
        nomination=nomination,
        accommodation=accommodation,
        check_in=check_in,
        check_out=check_out,
    )


def stay(organiser, nomination, place, check_in, check_out, status=Status.PROPOSED):
    assignment = assign(organiser, nomination, place, check_in, check_out)
    if status == Status.CONFIRMED:
        services.confirm(assignment, actor=organiser)
    return assignment


def occupying() -> list[HousingAssignment]:
    return list(HousingAssignment.objects.filter(status__in=HousingAssignment.OCCUPYING))


def mails(event: str) -> dict[str, OutboundEmail]:
    return {email.to: email for email in OutboundEmail.objects.filter(event=event)}
