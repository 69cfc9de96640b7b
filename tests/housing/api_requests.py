"""The housing API's addresses, a valid accommodation to send, and the ids a list answers with,
for the housing API tests."""

PLACES = "/api/v1/accommodations/"
STAYS = "/api/v1/housing-assignments/"


def place_url(accommodation, action: str = "") -> str:
    return f"{PLACES}{accommodation.pk}/{action}"


def stay_url(assignment, action: str = "") -> str:
    return f"{STAYS}{assignment.pk}/{action}"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def place_payload(**fields) -> dict:
    return {
        "kind": "host_family",
        "name": "Familie Weber",
        "address": "Plöck 12, 69117 Heidelberg",
        "beds": 2,
        "contact_name": "Anna Weber",
        "contact_email": "anna.weber@example.de",
        "contact_phone": "+49 6221 581234",
        "pets": "cat",
        "smoking": False,
        "languages": ["de", "EN"],
        "dietary_options": ["vegetarian"],
        "available_from": "2027-07-01",
        "available_until": "2027-08-31",
        "notes": "Bicycle available.",
        "language": "de",
    } | fields
