"""Outbound programmes: Heidelberg school students applying to go abroad (Australia's National
Youth Science Forum, the Weizmann Institute's ISSI, …), their scores, selection and
pre-departure checklist, each programme with its own places, rules and checklist."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from ish.accounts.models import LANGUAGE_CODE_LENGTH, Language
from ish.history import StatusChange
from ish.nominations.models import Gender
from ish.seasons.models import Season
from ish.uploads import StoredDocument, private_path

# What the NYSF was before programmes were data (the settings EXCHANGE_PLACES, …): migration
# 0005 creates it with these values, and a database emptied by a test's flush gets it back.
NYSF = "nysf"
NYSF_VALUES = {
    "name": "NYSF",
    "host_country": "AU",
    "host_city": "Canberra",
    "places": 3,
    "candidates_per_school_and_gender": 1,
    "reminder_days": [30, 14, 7],
    "required_documents": ["cv", "motivation_letter"],
    # Each item a date column of Application, with its own rules (ish.exchange.checklist);
    # other programmes' items are ticked in Application.checklist_done.
    "checklist": [
        {"text": "Passport valid until", "field": "passport_expires_on"},
        {"text": "Visa / ETA granted", "field": "visa_done_on"},
        {"text": "Travel insurance taken out", "field": "insurance_done_on"},
        {"text": "Guardian consent received", "field": "consent_done_on"},
        {"text": "Flights booked", "field": "flights_done_on"},
    ],
}


class School(models.Model):
    """A Heidelberg school whose principal may nominate candidates."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("takes part"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name


class OutboundProgramme(models.Model):
    """A programme abroad that Heidelberg pupils apply to through ISH: its places each season,
    its call, which schools take part and how many candidates each may put forward, the
    documents an application needs, and the checklist before departure."""

    slug = models.SlugField(_("short name in addresses"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    host_country = CountryField(_("host country"))
    host_city = models.CharField(_("host city"), max_length=100)
    places = models.PositiveSmallIntegerField(
        _("places per season"), validators=[MinValueValidator(1)]
    )
    candidates_per_school_and_gender = models.PositiveSmallIntegerField(
        _("candidates per school and gender"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    application_deadline = models.DateTimeField(
        _("applications until"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: the season's call (set on the call page). Set: applications for the "
            "first season not over by then are open until then."
        ),
    )
    departure_on = models.DateField(_("departure"), null=True, blank=True)
    return_on = models.DateField(_("return"), null=True, blank=True)
    reminder_days = models.JSONField(
        _("reminders (days before departure)"), default=list, blank=True
    )
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    # The checklist before departure, in order: [{"text": …}], the NYSF's items with the name
    # of the Application date column that records them ({"text": …, "field": …}).
    checklist = models.JSONField(_("checklist before departure"), default=list, blank=True)
    schools = models.ManyToManyField(
        School,
        blank=True,
        related_name="programmes",
        verbose_name=_("schools taking part"),
        help_text=_("None chosen: every school that takes part."),
    )
    is_active = models.BooleanField(_("open to applications"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("outbound programme")
        verbose_name_plural = _("outbound programmes")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def nysf(cls) -> "OutboundProgramme":
        """The NYSF, which every application without a programme belongs to."""
        return cls.objects.get_or_create(slug=NYSF, defaults=NYSF_VALUES)[0]

    @property
    def checklist_items(self) -> list[str]:
        return [item["text"] for item in self.checklist]

    @property
    def is_nysf(self) -> bool:
        return self.slug == NYSF

    def deadline_in(self, season: Season) -> dt.datetime | None:
        """Until when pupils apply in `season`: the programme's own deadline, else the
        season's call."""
        return self.application_deadline or season.exchange_deadline


def _nysf_pk() -> int:
    return OutboundProgramme.nysf().pk


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        SHORTLISTED = "shortlisted", _("shortlisted")
        SELECTED = "selected", _("selected")
        RESERVE = "reserve", _("reserve")
        REJECTED = "rejected", _("rejected")
        CONFIRMED = "confirmed", _("confirmed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # Holds one of the school's places for the applicant's gender.
    HOLDS_SCHOOL_PLACE = (
        Status.SUBMITTED, Status.SHORTLISTED, Status.SELECTED, Status.RESERVE, Status.CONFIRMED,
    )  # fmt: skip
    # Holds one of the NYSF places: travels to Australia, with a pre-departure checklist.
    TRAVELLING = (Status.SELECTED, Status.CONFIRMED)
    # Only an application the school has confirmed may move to these.
    NEEDS_SCHOOL_CONFIRMATION = (Status.SHORTLISTED, Status.SELECTED)
    FINAL = (Status.REJECTED, Status.WITHDRAWN)

    season = models.ForeignKey(
        Season,
        on_delete=models.PROTECT,
        related_name="exchange_applications",
        verbose_name=_("season"),
    )
    programme = models.ForeignKey(
        OutboundProgramme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("programme"),
        default=_nysf_pk,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    email = models.EmailField(_("e-mail"))
    phone = PhoneNumberField(_("phone"), blank=True)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="applications", verbose_name=_("school")
    )
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    subjects = models.CharField(
        _("subjects"), max_length=300, help_text=_("Your advanced courses (Leistungskurse).")
    )
    motivation = models.TextField(_("motivation (in English)"), max_length=5000)
    language = models.CharField(
        _("language"),
        max_length=LANGUAGE_CODE_LENGTH,
        choices=Language.choices,
        default=Language.GERMAN,
    )
    nominator_email = models.EmailField(
        _("nominating principal or teacher (e-mail)"),
        help_text=_("Your principal or teacher confirms the nomination through a link we send."),
    )
    nominator_confirmed_at = models.DateTimeField(_("nomination confirmed"), null=True, blank=True)

    score = models.PositiveSmallIntegerField(_("total score"), default=0, editable=False)
    interview_at = models.DateTimeField(_("interview"), null=True, blank=True)
    interview_notes = models.TextField(_("interview notes"), blank=True)

    nysf_session = models.CharField(_("NYSF session"), max_length=100, blank=True)
    departure_on = models.DateField(_("departure"), null=True, blank=True)
    return_on = models.DateField(_("return"), null=True, blank=True)
    # The pre-departure checklist: when each item was done.
    passport_expires_on = models.DateField(_("passport valid until"), null=True, blank=True)
    visa_done_on = models.DateField(_("visa / ETA granted"), null=True, blank=True)
    insurance_done_on = models.DateField(_("travel insurance taken out"), null=True, blank=True)
    consent_done_on = models.DateField(_("guardian consent received"), null=True, blank=True)
    flights_done_on = models.DateField(_("flights booked"), null=True, blank=True)
    # Another programme's checklist: when each item was done, {item text: "YYYY-MM-DD"}.
    checklist_done = models.JSONField(_("checklist done"), default=dict, blank=True)

    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set by the retention run (ish.retention): the applicant's personal data is gone since then.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["season", "-score", "family_name"]
        verbose_name = _("outbound application")
        verbose_name_plural = _("outbound applications")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "season",
                "programme",
                name="one_application_per_email_programme_and_season",
                violation_error_message=_(
                    "An application with this e-mail address already exists for this season."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.school}, {self.season.year})"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: dt.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age_today(self) -> int:
        return self.age_on(timezone.localdate())

    @property
    def is_minor(self) -> bool:
        """Under 18 on departure (or, before it is known, on the day they applied)."""
        day = self.departure_on or (self.created_at.date() if self.created_at else dt.date.today())
        return self.age_on(day) < 18

    @property
    def is_travelling(self) -> bool:
        """Holds one of the NYSF places, with a pre-departure checklist."""
        return self.status in self.TRAVELLING

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    @property
    def leaves_on(self) -> dt.date | None:
        """The candidate's own departure, else the programme's."""
        return self.departure_on or self.programme.departure_on

    @property
    def back_on(self) -> dt.date | None:
        return self.return_on or self.programme.return_on


class Score(models.Model):
    """One reviewer's score of an application; the application's total is their sum."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    points = models.PositiveSmallIntegerField(
        _("points"), validators=[MaxValueValidator(settings.EXCHANGE_MAX_POINTS)]
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "reviewer__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_score_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.points}"


# The name migration 0001 gives the upload path rule; it is the shared rule now.
exchange_document_path = private_path


class ApplicationDocument(StoredDocument):
    class Kind(models.TextChoices):
        CV = "cv", _("CV")
        MOTIVATION_LETTER = "motivation_letter", _("motivation letter (English)")
        CONSENT_FORM = "consent_form", _("guardian consent form")

    upload_folder = "exchange"
    owner_field = "application"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="one_exchange_doc_per_kind"
            )
        ]


class ApplicationChange(StatusChange):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="changes")

    subject = "application"
    EVENTS = {
        "apply": _("Applied"),
        "nominator_confirm": _("Nomination confirmed by the school"),
    }
    REASONS = {
        "confirmed_by_school": _("Confirmed by the school."),
        "not_nominated_by_school": _("Not nominated by the school."),
    }

    class Meta(StatusChange.Meta):
        verbose_name = _("application status change")
        verbose_name_plural = _("application status changes")
