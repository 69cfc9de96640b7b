"""Demo housing: made-up host families and residences at real Heidelberg streets, the travel
some accepted demo students entered through their personal links, and a few beds proposed and
confirmed, so that the occupancy calendar and the arrivals page have something to show.

Idempotent: accommodations by name, brought back to the values below; a student's travel and
beds are added only where they have none (and never had), made through the services, so
whatever was done with them in the portal survives `make run`.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from ish.accounts.models import User
from ish.housing import services as housing
from ish.housing.models import Accommodation
from ish.nominations.models import Nomination
from ish.participants import services as participants
from ish.participants.models import ParticipantLink
from ish.seasons.models import Season

BERLIN = ZoneInfo("Europe/Berlin")
FAMILY = Accommodation.Kind.HOST_FAMILY
RESIDENCE = Accommodation.Kind.RESIDENCE

# fmt: off
# kind, name, address, beds, contact, e-mail, phone, pets, smoking, languages, diets served,
# available (days before the first programme day, days after the last), notes, e-mail language
ACCOMMODATIONS = [
    (FAMILY, "Familie Bergmann", "Rohrbacher Straße 58, 69115 Heidelberg", 2, "Sabine Bergmann",
     "sabine.bergmann@example.org", "+49 6221 430187", "cat", False, ["de", "en"], ["vegetarian"],
     (10, 10), "Ten minutes' walk from the main station.", "de"),
    (FAMILY, "Familie Hartmann", "Mönchhofstraße 12, 69120 Heidelberg", 1, "Thomas Hartmann",
     "thomas.hartmann@example.org", "+49 6221 472915", "dog", False, ["de", "en", "fr"],
     ["vegetarian", "lactose_free"], (10, 10), "A bicycle for the guest; close to the Neuenheimer Feld.", "de"),
    (FAMILY, "Familie Okafor-Weber", "Handschuhsheimer Landstraße 41, 69121 Heidelberg", 2,
     "Ngozi Okafor-Weber", "okafor-weber@example.org", "+49 6221 488230", "", False, ["de", "en"],
     ["vegetarian", "halal", "nut_free"], (10, 10), "", "en"),
    (FAMILY, "Familie Schäfer", "Steubenstraße 22, 69121 Heidelberg", 1, "Monika Schäfer",
     "monika.schaefer@example.org", "+49 6221 401776", "", False, ["de"], [], (-7, 10),
     "On holiday in the first programme week.", "de"),
    (FAMILY, "Familie Nakamura-Roth", "Bergheimer Straße 95, 69115 Heidelberg", 2,
     "Yuki Nakamura-Roth", "nakamura-roth@example.org", "+49 6221 653302", "two rabbits", False,
     ["de", "en", "ja"], ["vegetarian", "gluten_free"], (10, 10), "", "en"),
    (FAMILY, "Familie Lindner", "Karlsruher Straße 130, 69126 Heidelberg", 2, "Jens Lindner",
     "jens.lindner@example.org", "+49 6221 337140", "", True, ["de", "en"], [], (10, 10),
     "The parents smoke on the balcony.", "de"),
    (RESIDENCE, "Gästehaus Neuenheimer Feld", "Berliner Straße 48, 69120 Heidelberg", 12,
     "Reception Gästehaus Neuenheimer Feld", "gaestehaus-nf@example.org", "+49 6221 545900", "",
     False, ["de", "en"], ["vegetarian", "vegan", "halal", "gluten_free", "lactose_free"], (14, 14),
     "Single rooms with shared kitchens; breakfast included.", "en"),
    (RESIDENCE, "Studierendenhaus Plöck", "Plöck 64, 69117 Heidelberg", 4, "Housing office",
     "ploeck-rooms@example.org", "+49 6221 541200", "", False, ["de", "en"], ["vegetarian"], (7, -3),
     "The rooms go back to students three days before the programme ends.", "de"),
]

# student's e-mail name, arrival (days from the first programme day, time, travel), departure
# (days from the last programme day, time), diet, allergies, emergency phone, confirms attendance
TRAVEL = [
    ("sota.kimura", (-1, "10:40", "LH 711 from Tokyo Haneda to Frankfurt Airport (FRA)"), (1, "09:15"),
     "", "", "+81 96 355 1234", True),
    ("wei.li", (-2, "07:05", "CA 931 from Beijing to Frankfurt Airport (FRA)"), (1, "12:30"),
     "no pork", "Allergic to cats (mild asthma)", "+86 571 8765 4321", True),
    ("oliver.smith", (-1, "16:20", "Eurostar and ICE via Brussels, Heidelberg Hauptbahnhof"), (0, "18:00"),
     "", "", "+44 1223 555012", False),
]

# student's e-mail name, place, confirmed (else only proposed)
BEDS = [
    ("sota.kimura", "Familie Nakamura-Roth", True),
    ("wei.li", "Familie Bergmann", False),  # a cat and a cat allergy: a warning to judge
    ("oliver.smith", "Gästehaus Neuenheimer Feld", False),
]
# fmt: on
STUDENT_EMAIL = "{}@demo-students.ish.invalid"


def load_demo_housing(season: Season) -> list[Accommodation]:
    places = {}
    for row in ACCOMMODATIONS:
        kind, name, address, beds, contact, email, phone, pets, smoking, languages, diets, \
            (before, after), notes, language = row  # fmt: skip
        places[name], _ = Accommodation.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "address": address,
                "beds": beds,
                "contact_name": contact,
                "contact_email": email,
                "contact_phone": phone,
                "pets": pets,
                "smoking": smoking,
                "languages": languages,
                "dietary_options": diets,
                "available_from": season.starts_on - dt.timedelta(days=before),
                "available_until": season.ends_on + dt.timedelta(days=after),
                "notes": notes,
                "language": language,
            },
        )
    students = {
        nomination.email: nomination
        for nomination in Nomination.objects.filter(
            season=season,
            status__in=Nomination.HOLDS_A_PLACE,
            email__endswith="@demo-students.ish.invalid",
        ).select_related("season")
    }
    for name, arrival, departure, diet, allergies, phone, attending in TRAVEL:
        student = students.get(STUDENT_EMAIL.format(name))
        if student is not None:
            _answer(student, arrival, departure, diet, allergies, phone, attending)
    office = User.objects.get(username="office")
    for name, place, confirmed in BEDS:
        student = students.get(STUDENT_EMAIL.format(name))
        if student is not None and not student.housing.exists():
            assignment = housing.assign(
                actor=office, nomination=student, accommodation=places[place]
            )
            if confirmed:
                housing.confirm(assignment, actor=office)
    return list(places.values())


def _answer(student, arrival, departure, diet, allergies, phone, attending) -> None:
    """What the student enters through their link, unless they have answered already."""
    link = ParticipantLink.objects.filter(nomination=student).first()
    if link is None or link.answered_at is not None or student.arrival_at is not None:
        return
    season = student.season
    arrival_days, arrival_time, travel = arrival
    departure_days, departure_time = departure
    participants.answer(
        link,
        attending=attending,
        arrival_at=_moment(season.starts_on, arrival_days, arrival_time),
        departure_at=_moment(season.ends_on, departure_days, departure_time),
        arrival_details=travel,
        dietary_requirements=diet,
        allergies=allergies,
        emergency_contact_name=student.emergency_contact_name or f"Parent of {student.full_name}",
        emergency_contact_phone=phone,
    )


def _moment(day: dt.date, days: int, time: str) -> dt.datetime:
    hours, minutes = map(int, time.split(":"))
    return dt.datetime.combine(day + dt.timedelta(days=days), dt.time(hours, minutes), BERLIN)
