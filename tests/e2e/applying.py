"""How the browser tests fill in an outbound programme's public application form, as a pupil
does: an adult (18 and a quarter), graduating next year, at a school of the list."""

from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import Page


def fill_application(
    page: Page,
    *,
    given_name: str,
    family_name: str,
    email: str,
    language: str,
    subjects: str,
    motivation: str,
    documents: dict[str, Path],
    school: str = "Bunsen-Gymnasium",
    nominator_email: str = "principal@bunsen.example.de",
) -> None:
    """The form's fields, and each document (`documents`: upload field name → file); the
    caller sends it."""
    born = timezone.localdate() - relativedelta(years=18, days=90)
    page.locator("#id_given_name").fill(given_name)
    page.locator("#id_family_name").fill(family_name)
    page.locator("#id_date_of_birth").fill(born.isoformat())
    page.locator("#id_gender").select_option("female")
    page.locator("#id_email").fill(email)
    page.locator("#id_language").select_option(language)
    page.locator("#id_school").select_option(label=school)
    page.locator("#id_graduation_year").fill(str(timezone.localdate().year + 1))
    page.locator("#id_subjects").fill(subjects)
    page.locator("#id_nominator_email").fill(nominator_email)
    page.locator("#id_motivation").fill(motivation)
    for field, path in documents.items():
        page.locator(f"#id_{field}").set_input_files(path)
