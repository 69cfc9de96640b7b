"""The columns of the nominations template: header text, kind of value, hint and choices. The
one list both the template and the importer are made from; it covers every field of the
nomination form (tests/nominations/test_spreadsheet_template.py holds it to the form)."""

from dataclasses import dataclass

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from ish.accounts.models import Language
from ish.nominations.models import CEFR, Gender, GermanLevel, Nomination

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Nominations"
LISTS = "Lists"
MAX_ROWS = 500  # nominations per file; the template's drop-downs reach this far


@dataclass(frozen=True)
class Column:
    key: str  # the nomination field, or research_interest_<rank>
    header: str  # fixed English text: it identifies the column in an upload
    kind: str  # text, date, integer, choice, country, field
    width: int

    @property
    def hint(self) -> str:
        return str(HINTS.get(self.key, HINTS["research_interest"]))

    @property
    def choices(self) -> list[str]:
        return [value for value, _label in CHOICES.get(self.key, [])]


COLUMNS = [Column(*spec) for spec in [
    ("given_name", "Given name", "text", 18),
    ("family_name", "Family name", "text", 18),
    ("date_of_birth", "Date of birth", "date", 14),
    ("gender", "Gender", "choice", 10),
    ("email", "E-mail", "text", 28),
    ("phone", "Phone", "text", 18),
    ("nationality", "Nationality", "country", 12),
    ("school", "School", "text", 28),
    ("graduation_year", "Graduation year", "integer", 12),
    ("english_level", "English level", "choice", 12),
    ("german_level", "German level", "choice", 12),
    ("research_interest_1", "Research interest 1", "field", 18),
    ("research_interest_2", "Research interest 2", "field", 18),
    ("research_interest_3", "Research interest 3", "field", 18),
    ("motivation", "Motivation", "text", 40),
    ("language", "Language", "choice", 10),
    ("rank", "Rank", "integer", 8),
    ("passport_number", "Passport number", "text", 18),
    ("dietary_requirements", "Dietary requirements", "text", 24),
    ("allergies", "Allergies", "text", 24),
    ("medical_notes", "Medical notes", "text", 24),
    ("emergency_contact_name", "Emergency contact", "text", 24),
    ("emergency_contact_phone", "Emergency contact phone", "text", 22),
]]  # fmt: skip
CHOICES = {
    "gender": Gender.choices, "english_level": CEFR.choices,
    "german_level": GermanLevel.choices, "language": Language.choices,
}  # fmt: skip
HINTS = {
    "given_name": gettext_lazy("Required. As in the passport."),
    "family_name": gettext_lazy("Required. As in the passport."),
    "date_of_birth": gettext_lazy("A date: YYYY-MM-DD, e.g. 2008-05-14."),
    "gender": gettext_lazy("One of: female, male, diverse."),
    "email": gettext_lazy("The student's own e-mail address; one nomination per address and "
                          "season."),
    "phone": gettext_lazy("International format, e.g. +81 96 123 4567."),
    "nationality": gettext_lazy("ISO country code of two letters, e.g. JP (see the sheet Lists)."),
    "school": gettext_lazy("Name and town of the school."),
    "graduation_year": gettext_lazy("A year, e.g. 2027."),
    "english_level": gettext_lazy("CEFR level: one of A1, A2, B1, B2, C1, C2."),
    "german_level": gettext_lazy("CEFR level: none, or one of A1, A2, B1, B2, C1, C2."),
    "research_interest": gettext_lazy("Optional: a research field from the drop-down, e.g. "
                                      "biology. Interest 1 is the strongest."),
    "motivation": gettext_lazy("Why the student applies; at most 5000 characters."),
    "language": format_lazy(gettext_lazy("Language of the student's e-mails: one of {codes}. "
                                         "Empty means en."), codes=", ".join(Language.values)),
    "rank": gettext_lazy("Optional: your ranking, 1 is first. Empty ranks the student after "
                         "the others."),
    "passport_number": gettext_lazy("Optional. Confidential."),
    "dietary_requirements": gettext_lazy("Optional, e.g. vegetarian."),
    "allergies": gettext_lazy("Optional, e.g. hazelnuts, penicillin. Confidential."),
    "medical_notes": gettext_lazy("Optional. Confidential."),
    "emergency_contact_name": gettext_lazy("Optional: name of a parent or guardian."),
    "emergency_contact_phone": gettext_lazy("Optional. International format, e.g. +81 96 123 "
                                            "4567."),
}  # fmt: skip
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_COLUMNS = ["given_name", "family_name"]
TEXT_FORMAT_COLUMNS = {"phone", "emergency_contact_phone", "passport_number"}  # keep leading 0/+
# Django checks a TextField's max_length in forms and serializers only, not in full_clean; the
# API's serializer enforces it, so the import does too.
TEXT_LIMITS = {
    field.name: field.max_length
    for field in Nomination._meta.get_fields()
    if isinstance(field, models.TextField) and field.max_length
}
