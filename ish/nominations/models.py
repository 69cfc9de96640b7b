"""Nominations: the students each partner city sends, their documents and their history."""

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from ish.accounts.models import LANGUAGE_CODE_LENGTH, Language, User
from ish.history import StatusChange
from ish.languages import CEFR, GermanLevel
from ish.seasons.models import City, ResearchField, Season
from ish.uploads import StoredDocument, private_path


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    DIVERSE = "diverse", _("diverse")


DUPLICATE_EMAIL = _("A student with this e-mail address is already nominated for this season.")


def age_on(born: dt.date | None, day: dt.date) -> int | None:
    """How old someone born on `born` is on `day` (None without a date of birth)."""
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def needs_guardian_consent(born: dt.date | None, first_day: dt.date) -> bool:
    """Minors on the first programme day need a guardian's consent form."""
    age = age_on(born, first_day)
    return age is not None and age < 18


class Nomination(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        WAITLISTED = "waitlisted", _("waitlisted")
        DECLINED = "declined", _("declined")
        CONFIRMED = "confirmed", _("confirmed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # Accepted or confirmed: the student holds one of the city's places, can be placed in a lab
    # and housed, has a self-service link and is on the rosters.
    HOLDS_A_PLACE = (Status.ACCEPTED, Status.CONFIRMED)
    # Submitted or decided: uses up one of the city's `places + alternates`.
    COUNTS_AGAINST_QUOTA = (
        Status.SUBMITTED, Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED, Status.CONFIRMED,
    )  # fmt: skip
    FINAL = (Status.DECLINED, Status.WITHDRAWN)

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("season")
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("city")
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), null=True, blank=True, help_text=_("The coordinator's ranking; 1 is first.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    # A draft may be incomplete; submitting checks that everything is there (services).
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    school = models.CharField(_("school"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    english_level = models.CharField(
        _("English level"), max_length=2, choices=CEFR.choices, blank=True
    )
    german_level = models.CharField(
        _("German level"), max_length=4, choices=GermanLevel.choices, blank=True
    )
    research_interests = models.ManyToManyField(
        ResearchField,
        through="ResearchInterest",
        related_name="+",
        verbose_name=_("research interests"),
    )
    motivation = models.TextField(_("motivation"), max_length=5000, blank=True)
    language = models.CharField(
        _("language"),
        max_length=LANGUAGE_CODE_LENGTH,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The language of the e-mails the student receives."),
    )

    # Sensitive: never shown to lab hosts, only in the organisers' emergency roster.
    passport_number = models.CharField(_("passport number"), max_length=30, blank=True)
    dietary_requirements = models.TextField(_("dietary requirements"), max_length=1000, blank=True)
    medical_notes = models.TextField(_("medical notes"), max_length=2000, blank=True)
    allergies = models.CharField(_("allergies"), max_length=500, blank=True)
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=200, blank=True)
    emergency_contact_phone = PhoneNumberField(_("emergency contact phone"), blank=True)

    # Travel, completed by the student through the self-service link.
    arrival_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    departure_at = models.DateTimeField(_("departure"), null=True, blank=True)
    arrival_details = models.CharField(
        _("arrival details"), max_length=300, blank=True, help_text=_("Flight or train, airport.")
    )
    # Set by hand by the office (true or false); null: derived from attendance, by the one rule
    # in ish.programme.completion. A certificate is issued only to those who completed it.
    completed_programme = models.BooleanField(
        _("completed the programme"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Empty: derived from attendance."),
    )

    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set by the retention run (ish.retention): the student's personal data is gone since then.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["season", "city__name", "rank", "family_name", "given_name"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "season",
                condition=~models.Q(email=""),
                name="one_nomination_per_student_and_season",
                violation_error_message=DUPLICATE_EMAIL,
            ),
        ]
        indexes = [
            models.Index(fields=["season", "city", "status"], name="nomination_quota_use"),
            # The lists' order (season, city, rank, name) within a city's rows, and within a
            # season's rows of one status: the page is read from the index, not sorted.
            models.Index(
                fields=["city", "season", "rank", "family_name"], name="nomination_city_list"
            ),
            models.Index(
                fields=["season", "status", "city", "rank", "family_name"],
                name="nomination_status_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.city}, {self.season.year})"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def clean(self) -> None:
        errors = {}
        if self.date_of_birth and self.season_id:
            age = self.age_at_start
            if not self.season.min_age <= age <= self.season.max_age:
                errors["date_of_birth"] = _(
                    "The student is %(age)s on the first programme day; the season admits "
                    "%(min)s to %(max)s years."
                ) % {"age": age, "min": self.season.min_age, "max": self.season.max_age}
        if self.arrival_at and self.departure_at and self.departure_at <= self.arrival_at:
            errors["departure_at"] = _("Departure must be after arrival.")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None) -> None:
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            # The e-mail constraint compares lower-cased addresses, which Django cannot attribute
            # to a field; whoever fills in the form must see the message beside the address.
            errors = error.message_dict
            general = errors.pop(NON_FIELD_ERRORS, [])
            if str(DUPLICATE_EMAIL) in general:
                general.remove(str(DUPLICATE_EMAIL))
                errors.setdefault("email", []).append(str(DUPLICATE_EMAIL))
            if general:
                errors[NON_FIELD_ERRORS] = general
            raise ValidationError(errors) from None

    def age_on(self, day: dt.date) -> int | None:
        return age_on(self.date_of_birth, day)

    @property
    def age_at_start(self) -> int | None:
        return self.age_on(self.season.starts_on)

    @property
    def needs_guardian_consent(self) -> bool:
        return needs_guardian_consent(self.date_of_birth, self.season.starts_on)

    @property
    def holds_a_place(self) -> bool:
        return self.status in self.HOLDS_A_PLACE

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL

    @property
    def is_draft(self) -> bool:
        """Still the coordinator's to complete, change or delete; nobody else has seen it."""
        return self.status == self.Status.DRAFT

    @property
    def is_confirmed(self) -> bool:
        """The student has confirmed they will come."""
        return self.status == self.Status.CONFIRMED


class ResearchInterest(models.Model):
    """One of a student's 1–3 research interests; rank 1 is the strongest."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="interests")
    field = models.ForeignKey(ResearchField, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(3)])

    class Meta:
        ordering = ["nomination", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "rank"], name="one_interest_per_rank"),
            models.UniqueConstraint(fields=["nomination", "field"], name="no_repeated_interest"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.field}"


class NominationChange(StatusChange):
    """One event in a nomination's history: created, submitted, decided, confirmed, withdrawn."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="changes")

    subject = "nomination"
    EVENTS = {
        "create": _("created"),
        # The office's verdict on the programme, set by hand (ish.programme.completion).
        "completion_yes": _("marked as having completed the programme"),
        "completion_no": _("marked as not having completed the programme"),
        "completion_derived": _("completion left to attendance"),
    }
    REASONS = {"confirmed_by_student": _("Confirmed by the student.")}

    class Meta(StatusChange.Meta):
        ordering = ["nomination", "created_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


# The name migration 0001 gives the upload path rule; it is the shared rule now.
document_path = private_path


class Document(StoredDocument):
    class Kind(models.TextChoices):
        CV = "cv", _("CV")
        MOTIVATION_LETTER = "motivation_letter", _("motivation letter")
        TRANSCRIPT = "transcript", _("transcript")
        CONSENT_FORM = "consent_form", _("guardian consent form")
        OTHER = "other", _("other")

    upload_folder = "documents"
    owner_field = "nomination"

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set when a newer upload of the same kind replaces this one; kept as history.
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)

    class Meta:
        ordering = ["nomination", "kind", "-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "kind"],
                condition=models.Q(replaced_at__isnull=True) & ~models.Q(kind="other"),
                name="one_current_document_per_kind",
            )
        ]

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None
