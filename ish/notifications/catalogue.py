"""Every e-mail the system can send: its event name, subject and the context its template needs.

Each event has one body template, `templates/emails/<name>.txt`, translated like the portal; the
HTML version is the same text inside the shared layout `templates/emails/layout.html`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    name: str
    label: str
    subject: str  # %-formatted with the context
    # Keys the caller must pass, each used by the template; the addressee is greeted by name.
    context: tuple[str, ...]

    @property
    def template(self) -> str:
        return f"emails/{self.name}.txt"


NOMINATION = ("student", "city", "season", "comment", "url")

EVENTS = [
    Event("nomination_submitted", _("Nomination submitted"),
          _("ISH %(season)s: %(student)s (%(city)s) nominated"), NOMINATION),
    Event("nomination_accepted", _("Nomination accepted"),
          _("ISH %(season)s: %(student)s is accepted"), NOMINATION),
    Event("nomination_waitlisted", _("Nomination waitlisted"),
          _("ISH %(season)s: %(student)s is on the waiting list"), NOMINATION),
    Event("nomination_declined", _("Nomination declined"),
          _("ISH %(season)s: nomination of %(student)s declined"), NOMINATION),
    Event("nomination_withdrawn", _("Nomination withdrawn"),
          _("ISH %(season)s: %(student)s has withdrawn"), NOMINATION),
    Event("participant_link", _("Participant self-service link"),
          _("ISH %(season)s: please confirm your participation"),
          ("season", "url", "expires_on")),
    Event("placement_offered", _("Placement offered to a lab"),
          _("ISH %(season)s: a student for %(lab)s"),
          ("lab", "student", "city", "season", "interests", "url", "respond_by")),
    Event("placement_accepted", _("Placement accepted by the lab"),
          _("ISH %(season)s: %(student)s will work at %(lab)s"),
          ("lab", "institute", "student", "season", "starts_on", "ends_on", "comment", "url")),
    Event("placement_declined", _("Placement declined by the lab"),
          _("ISH %(season)s: %(lab)s declined %(student)s"),
          ("lab", "student", "season", "comment", "url")),
    Event("placement_reminder", _("Placement offer reminder"),
          _("Reminder: ISH %(season)s student %(student)s awaits your answer"),
          ("lab", "student", "season", "offered_on", "url")),
    Event("placement_escalation", _("Placement offer escalated"),
          _("Unanswered offer: %(student)s at %(lab)s"),
          ("lab", "student", "season", "offered_on", "url")),
    Event("placement_offers", _("Placements offered to a lab (several students)"),
          _("ISH %(season)s: %(count)s students for %(lab)s"),
          ("lab", "season", "count", "students", "url", "respond_by")),
    Event("placement_declined_student", _("Placement declined by the lab (student)"),
          _("ISH %(season)s: news about your lab placement"), ("lab", "season")),
    Event("placement_cancelled", _("Accepted placement cancelled (lab)"),
          _("ISH %(season)s: %(student)s will not come to %(lab)s"),
          ("lab", "student", "season", "comment")),
    Event("housing_assigned_participant", _("Housing assigned (participant)"),
          _("ISH %(season)s: where you will stay"),
          ("season", "accommodation", "address", "host_contact", "check_in", "check_out")),
    Event("housing_assigned_host", _("Housing assigned (host)"),
          _("ISH %(season)s: your guest %(student)s"),
          ("student", "city", "season", "check_in", "check_out", "dietary_requirements",
           "languages")),
    Event("housing_cancelled_participant", _("Housing cancelled (participant)"),
          _("ISH %(season)s: your accommodation is cancelled"),
          ("season", "accommodation", "check_in", "check_out", "comment")),
    Event("housing_cancelled_host", _("Housing cancelled (host)"),
          _("ISH %(season)s: %(student)s will not stay with you"),
          ("student", "city", "season", "accommodation", "check_in", "check_out", "comment")),
    Event("export_ready", _("Export ready"),
          _("Your export is ready: %(export)s"), ("export", "url", "expires_at")),
    Event("deadline_reminder", _("Nomination deadline reminder"),
          _("ISH %(season)s: the nomination deadline is approaching"),
          ("city", "season", "deadline", "days_left", "open_items", "url")),
    Event("exchange_application_received", _("NYSF application received"),
          _("NYSF %(season)s: we have received your application"),
          ("season", "school", "programmes")),
    Event("exchange_nomination_confirm", _("NYSF nomination to confirm"),
          _("NYSF %(season)s: please confirm the nomination of %(applicant)s"),
          ("applicant", "season", "school", "limit", "url")),
    Event("exchange_application_decided", _("NYSF application decided"),
          _("NYSF %(season)s: the decision on your application"),
          ("season", "decision", "comment")),
    Event("exchange_departure_reminder", _("NYSF pre-departure reminder"),
          _("NYSF %(season)s: before you leave for Australia"),
          ("season", "departure_on", "open_items")),
    Event("alumni_invitation", _("Invitation to stay in touch as an alumnus"),
          _("ISH %(season)s: stay in touch with the ISH?"), ("season", "url")),
    # The office writes the subject and text itself (ish.alumni), in one language for all.
    Event("alumni_mail", _("Mail to alumni"), _("ISH alumni: %(subject)s"),
          ("subject", "body", "url", "unsubscribe_url")),
    # The same for the other outbound programmes (ISSI, …), which the mails name.
    Event("outbound_application_received", _("Outbound programme application received"),
          _("%(programme)s %(season)s: we have received your application"),
          ("programme", "host", "season", "school", "programmes")),
    Event("outbound_nomination_confirm", _("Outbound programme nomination to confirm"),
          _("%(programme)s %(season)s: please confirm the nomination of %(applicant)s"),
          ("programme", "applicant", "season", "school", "url")),
    Event("outbound_application_decided", _("Outbound programme application decided"),
          _("%(programme)s %(season)s: the decision on your application"),
          ("programme", "season", "decision", "comment")),
    Event("outbound_departure_reminder", _("Outbound programme pre-departure reminder"),
          _("%(programme)s %(season)s: before you leave"),
          ("programme", "season", "departure_on", "open_items")),
]  # fmt: skip

EVENTS_BY_NAME = {event.name: event for event in EVENTS}


def event_label(name: str) -> str:
    event = EVENTS_BY_NAME.get(name)
    return str(event.label) if event else name
