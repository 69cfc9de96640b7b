"""factory_boy factories for every model the tests build."""

import datetime as dt
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from ish.accounts.models import Role, User
from ish.labs.models import Institute, Lab
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
