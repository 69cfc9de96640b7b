"""Paths, the body of a new nomination and a reader of list answers, shared by the nominations API
tests."""

from ish.nominations.models import Nomination

LIST = "/api/v1/nominations/"
RANK = "/api/v1/nominations/rank/"


def url(nomination: Nomination, suffix: str = "") -> str:
    return f"{LIST}{nomination.pk}/{suffix}"


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def creation_payload(season, **fields) -> dict:
    return {
        "season": season.pk,
        "given_name": "Haruto",
        "family_name": "Sato",
        "date_of_birth": "2008-09-01",
        "gender": "male",
        "email": "haruto@example.jp",
        "phone": "+81 96 765 4321",
        "nationality": "JP",
        "school": "Seiseiko High School",
        "graduation_year": 2027,
        "english_level": "C1",
        "german_level": "none",
        "research_interests": ["physics", "astronomy"],
        "motivation": "Stars.",
        "language": "de",
        **fields,
    }
