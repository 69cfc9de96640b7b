"""factory_boy factories for every model the tests build."""

import datetime as dt
from collections.abc import Iterable, Sequence
from zoneinfo import ZoneInfo

import factory
from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from ish.accounts.models import Role, User
from ish.exchange.models import Application, ApplicationDocument, School, Score
from ish.housing.models import Accommodation
from ish.labs.models import Institute, Lab
from ish.nominations.models import Document, Nomination, ResearchInterest
from ish.seasons.models import City, Quota, ResearchField, Season

BERLIN = ZoneInfo("Europe/Berlin")
PASSWORD = "correct-horse-battery"


class CityFactory(DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"city-{n}")
    name = factory.Sequence(lambda n: f"City {n}")
    country = "FR"
    kind = City.Kind.PARTNER


class SeasonFactory(DjangoModelFactory):
    class Meta:
        model = Season
        django_get_or_create = ["year"]

    year = 2027
    title = factory.LazyAttribute(lambda season: f"ISH {season.year}")
    starts_on = factory.LazyAttribute(lambda season: dt.date(season.year, 7, 17))
    ends_on = factory.LazyAttribute(lambda season: dt.date(season.year, 8, 13))
    nomination_deadline = factory.LazyAttribute(
        lambda season: dt.datetime(season.year, 3, 31, 23, 59, tzinfo=BERLIN)
    )
    min_age = 16
    max_age = 22


class QuotaFactory(DjangoModelFactory):
    class Meta:
        model = Quota

    season = factory.SubFactory(SeasonFactory)
    city = factory.SubFactory(CityFactory)
    places = 2
    alternates = 1


class InstituteFactory(DjangoModelFactory):
    class Meta:
        model = Institute

    name = factory.Sequence(lambda n: f"Institute {n}")
    short_name = factory.Sequence(lambda n: f"I{n}")
    address = "Im Neuenheimer Feld 1, 69120 Heidelberg"


class LabFactory(DjangoModelFactory):
    class Meta:
        model = Lab
        skip_postgeneration_save = True

    institute = factory.SubFactory(InstituteFactory)
    name = factory.Sequence(lambda n: f"Lab {n}")
    head = "Dr. Example"
    capacity = 2

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create:
            self.fields.set(extracted or [ResearchField.objects.get(slug="biology")])


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    role = Role.ORGANISER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class OrganiserFactory(UserFactory):
    role = Role.ORGANISER


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR
    city = factory.LazyFunction(lambda: City.objects.get(slug="kumamoto"))


class LabHostFactory(UserFactory):
    role = Role.LAB_HOST
    lab = factory.SubFactory(LabFactory)


# --- nominations ------------------------------------------------------------------------------

# The smallest files the `filetype` package recognises by their first bytes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


class UploadFactory(factory.Factory):
    """A PDF as a browser uploads it: a new file object each time, as a post reads it to the end."""

    class Meta:
        model = SimpleUploadedFile

    name = "document.pdf"
    content = PDF_BYTES
    content_type = "application/pdf"


class StoredDocumentFactory(DjangoModelFactory):
    """A PDF document stored under MEDIA_ROOT by its area's path rule (ish.uploads); each area's
    factory names the owner."""

    class Meta:
        abstract = True

    filename = factory.LazyAttribute(lambda document: f"{document.kind}.pdf")
    content_type = "application/pdf"
    file = factory.LazyAttribute(lambda document: ContentFile(PDF_BYTES, name=document.filename))
    size = len(PDF_BYTES)


class NominationFactory(DjangoModelFactory):
    """A draft of Kumamoto for the 2027 season with complete personal data (but no documents)."""

    class Meta:
        model = Nomination
        skip_postgeneration_save = True

    season = factory.SubFactory(SeasonFactory)
    city = factory.LazyFunction(lambda: City.objects.get(slug="kumamoto"))
    rank = factory.Sequence(lambda n: n + 1)
    given_name = "Aiko"
    family_name = factory.Sequence(lambda n: f"Tanaka-{n}")
    date_of_birth = dt.date(2008, 5, 1)  # 19 on the first day of the 2027 programme
    gender = "female"
    email = factory.Sequence(lambda n: f"student{n}@example.jp")
    phone = "+81 96 123 4567"
    nationality = "JP"
    school = "Kumamoto Prefectural High School"
    graduation_year = 2027
    english_level = "B2"
    german_level = "A2"
    motivation = "I want to study proteins in a real laboratory."
    language = "en"

    @factory.post_generation
    def interests(self, create, extracted, **kwargs):
        """Research fields (or their slugs), strongest first; one field unless given."""
        if not create:
            return
        fields = extracted if extracted is not None else ["biology"]
        ResearchInterest.objects.bulk_create(
            ResearchInterest(
                nomination=self,
                field=field
                if isinstance(field, ResearchField)
                else ResearchField.objects.get(slug=field),
                rank=rank,
            )
            for rank, field in enumerate(fields, start=1)
        )


class DocumentFactory(StoredDocumentFactory):
    """A current PDF document of a nomination, stored under MEDIA_ROOT."""

    class Meta:
        model = Document

    nomination = factory.SubFactory(NominationFactory)
    kind = Document.Kind.CV


def attach_documents(nomination: Nomination, kinds=None) -> list[Document]:
    """The documents a nomination needs to be submitted (the consent form only for minors)."""
    if kinds is None:
        kinds = [Document.Kind.CV, Document.Kind.MOTIVATION_LETTER, Document.Kind.TRANSCRIPT]
        if nomination.needs_guardian_consent:
            kinds.append(Document.Kind.CONSENT_FORM)
    return [DocumentFactory(nomination=nomination, kind=kind) for kind in kinds]


def complete_nomination(nomination: Nomination | None = None, **fields) -> Nomination:
    """A draft with everything it needs to be submitted: personal data, interest, documents."""
    nomination = nomination or NominationFactory(**fields)
    attach_documents(nomination)
    return nomination


def accepted_nomination(actor: User, **fields) -> Nomination:
    """A complete nomination submitted and accepted by `actor` (an organiser) through the real
    transitions, as the office does it: accepting mails the student their self-service link.
    Creates the city's quota when there is none (one made earlier must leave room)."""
    from ish.participants import services  # the factories stay importable without the services

    nomination = complete_nomination(**fields)
    Quota.objects.get_or_create(
        season=nomination.season, city=nomination.city, defaults={"places": 50, "alternates": 50}
    )
    services.perform(nomination, "submit", actor=actor)
    return services.perform(nomination, "accept", actor=actor, over_quota=True)


# --- housing ----------------------------------------------------------------------------------


class AccommodationFactory(DjangoModelFactory):
    """A German-speaking host family in Heidelberg with two beds, free around the whole 2027
    programme, no pets, cooking nothing special."""

    class Meta:
        model = Accommodation

    kind = Accommodation.Kind.HOST_FAMILY
    name = factory.Sequence(lambda n: f"Family {n}")
    address = factory.Sequence(lambda n: f"Hauptstraße {n + 1}, 69117 Heidelberg")
    beds = 2
    contact_name = factory.LazyAttribute(lambda place: f"Host of {place.name}")
    contact_email = factory.Sequence(lambda n: f"host{n}@example.de")
    contact_phone = "+49 6221 581234"
    languages = factory.LazyFunction(lambda: ["de", "en"])
    dietary_options = factory.LazyFunction(list)
    available_from = dt.date(2027, 7, 1)
    available_until = dt.date(2027, 8, 31)
    language = "de"


# --- placements -------------------------------------------------------------------------------


class PlacementFactory(DjangoModelFactory):
    """A placement of an accepted Kumamoto student in a new biology lab, for the whole 2027
    programme. The status is set directly, without history or e-mails: walk the services
    (tests/placements/conftest.py) where those matter."""

    class Meta:
        model = "placements.Placement"

    nomination = factory.SubFactory(NominationFactory, status=Nomination.Status.ACCEPTED)
    lab = factory.SubFactory(LabFactory)
    status = "proposed"
    starts_on = factory.LazyAttribute(lambda placement: placement.nomination.season.starts_on)
    ends_on = factory.LazyAttribute(lambda placement: placement.nomination.season.ends_on)
    offered_at = factory.LazyAttribute(
        lambda placement: (
            None
            if placement.status == "proposed"
            else dt.datetime.now(tz=BERLIN) - dt.timedelta(days=1)
        )
    )
    answered_at = factory.LazyAttribute(
        lambda placement: (
            dt.datetime.now(tz=BERLIN) if placement.status in {"accepted", "declined"} else None
        )
    )


# --- housing assignments ----------------------------------------------------------------------


class HousingAssignmentFactory(DjangoModelFactory):
    """A proposed bed for an accepted Kumamoto student in a new host family, from the day before
    the 2027 programme to the day after it. Set directly, without warnings, history or e-mails:
    use ish.housing.services where those matter."""

    class Meta:
        model = "housing.HousingAssignment"

    nomination = factory.SubFactory(NominationFactory, status=Nomination.Status.ACCEPTED)
    accommodation = factory.SubFactory(AccommodationFactory)
    check_in = factory.LazyAttribute(
        lambda stay: stay.nomination.season.starts_on - dt.timedelta(days=1)
    )
    check_out = factory.LazyAttribute(
        lambda stay: stay.nomination.season.ends_on + dt.timedelta(days=1)
    )
    status = "proposed"


# --- the NYSF exchange ------------------------------------------------------------------------


class SchoolFactory(DjangoModelFactory):
    """A Heidelberg school taking part in the NYSF exchange."""

    class Meta:
        model = School
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Gymnasium {n} Heidelberg")
    address = factory.Sequence(lambda n: f"Plöck {n + 1}, 69117 Heidelberg")


class ApplicationFactory(DjangoModelFactory):
    """A submitted NYSF application of an adult pupil for the 2027 season, set directly (no
    history or e-mails: use ish.exchange.services where those matter); documents only when
    `documents` names their kinds (`documents__filename=…` names the files)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    season = factory.SubFactory(SeasonFactory)
    given_name = "Lea"
    family_name = factory.Sequence(lambda n: f"Hoffmann-{n}")
    date_of_birth = dt.date(2008, 3, 1)  # 18 and more from March 2026 on
    gender = "female"
    email = factory.Sequence(lambda n: f"pupil{n}@example.de")
    school = factory.SubFactory(SchoolFactory)
    graduation_year = 2027
    subjects = "Biology, Chemistry"
    motivation = "I want to meet young scientists from all over Australia."
    language = "en"
    nominator_email = "principal@school.example.de"

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        if create:
            for kind in extracted or []:
                ApplicationDocumentFactory(application=self, kind=kind, **kwargs)

    @classmethod
    def create_in_bulk(
        cls,
        rows: Iterable[dict],
        *,
        schools: int = 5,
        documents: Sequence[str] = (),
        scored_by: Sequence[User] = (),
    ) -> list[Application]:
        """One application a row of fields (a season at least), spread over new schools, with
        their documents (rows naming a file that is never written) and a score of 5 by each
        reviewer, in a few queries: for measuring pages at hundreds of rows."""
        new_schools = [SchoolFactory() for _ in range(schools)]
        applications = Application.objects.bulk_create(
            cls.build(**{"school": new_schools[n % schools], **fields})
            for n, fields in enumerate(rows)
        )
        ApplicationDocument.objects.bulk_create(
            ApplicationDocumentFactory.build(
                application=application,
                kind=kind,
                file=f"exchange/{application.season.year}/{kind}.pdf",
            )
            for application in applications
            for kind in documents
        )
        Score.objects.bulk_create(
            ScoreFactory.build(application=application, reviewer=reviewer)
            for application in applications
            for reviewer in scored_by
        )
        return applications


class ApplicationDocumentFactory(StoredDocumentFactory):
    """A PDF document of an application, stored under MEDIA_ROOT."""

    class Meta:
        model = ApplicationDocument

    application = factory.SubFactory(ApplicationFactory)
    kind = ApplicationDocument.Kind.CV


class ScoreFactory(DjangoModelFactory):
    """A reviewer's middling score of an application."""

    class Meta:
        model = Score

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(OrganiserFactory)
    points = 5


class ApplicationFormFactory(factory.DictFactory):
    """A complete application of an adult pupil as the browser posts it to the public form, with
    new files each time; give the school's id."""

    given_name = "Lea"
    family_name = "Hoffmann"
    date_of_birth = factory.LazyFunction(
        lambda: (timezone.localdate() - relativedelta(years=18, days=100)).isoformat()
    )
    gender = "female"
    email = "lea.hoffmann@example.de"
    phone = "+49 6221 123456"
    graduation_year = factory.LazyFunction(lambda: timezone.localdate().year + 1)
    subjects = "Biology, Chemistry"
    motivation = "I have wanted to meet young scientists from Australia for years."
    language = "en"
    nominator_email = "principal@bunsen.example.de"
    cv = factory.SubFactory(UploadFactory, name="lebenslauf.pdf")
    motivation_letter = factory.SubFactory(
        UploadFactory, name="letter.png", content=PNG_BYTES, content_type="image/png"
    )
    website = ""  # the honeypot, left empty as people leave it


# --- programme --------------------------------------------------------------------------------


class EventFactory(DjangoModelFactory):
    """A workshop for everyone on the 2027 season's second day, 10:00–12:00 Heidelberg time."""

    class Meta:
        model = "programme.Event"

    season = factory.SubFactory(SeasonFactory)
    title = factory.Sequence(lambda n: f"Workshop {n}")
    kind = "workshop"
    starts_at = factory.LazyAttribute(
        lambda event: dt.datetime.combine(
            event.season.starts_on + dt.timedelta(days=1), dt.time(10), tzinfo=BERLIN
        )
    )
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + dt.timedelta(hours=2))
    place = "Explo Heidelberg"
    audience = "everyone"
