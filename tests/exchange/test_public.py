"""The public NYSF application without an account: what is stored and mailed, every refusal
named on its field, the per-school limit, abuse protection, and the principal's signed link."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ish.exchange import services
from ish.exchange.models import Application, ApplicationChange, OutboundProgramme
from ish.history import Actor
from ish.notifications.models import OutboundEmail
from tests.factories import (
    BERLIN,
    PDF_BYTES,
    ApplicationFactory,
    ApplicationFormFactory,
    SchoolFactory,
    UploadFactory,
)

pytestmark = pytest.mark.django_db

APPLY = reverse("exchange:apply")
THANK_YOU = reverse("exchange:applied")


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today - relativedelta(years=years) - dt.timedelta(days=days)


@pytest.fixture
def form_data(open_season, school):
    """The form as the browser posts it (tests.factories.ApplicationFormFactory) for `school`;
    fields overridable, None leaves one out."""

    def data(**fields) -> dict:
        values = ApplicationFormFactory(**{"school": school.pk, **fields})
        return {name: value for name, value in values.items() if value is not None}

    return data


def errors_of(response) -> dict:
    return response.context["form"].errors


# --- a valid application ---------------------------------------------------------------------


def test_the_form_is_open_with_the_seasons_schools(client, open_season, school):
    response = client.get(APPLY)

    assert response.status_code == 200
    page = response.content.decode()
    assert "National Youth Science Forum 2027" in page
    assert "Bunsen-Gymnasium" in page
    assert "Each school may nominate one female and one male candidate." in page


def test_a_valid_application_is_stored_with_its_documents(client, form_data, school):
    response = client.post(APPLY, form_data())

    assert response.status_code == 302
    assert response["Location"] == THANK_YOU
    application = Application.objects.get()
    assert application.full_name == "Lea Hoffmann"
    assert application.school == school
    assert application.status == Application.Status.SUBMITTED
    assert application.nominator_confirmed_at is None
    documents = {document.kind: document for document in application.documents.all()}
    assert set(documents) == {"cv", "motivation_letter"}
    assert documents["cv"].filename == "lebenslauf.pdf"
    assert documents["cv"].file.read() == PDF_BYTES
    assert documents["motivation_letter"].content_type == "image/png"
    assert client.get(THANK_YOU).status_code == 200


def test_the_documents_are_kept_under_unguessable_paths_that_tell_nothing_about_the_pupil(
    client, form_data, private_media
):
    client.post(APPLY, form_data())

    paths = [document.file.name for document in Application.objects.get().documents.all()]
    assert sorted(path[-4:] for path in paths) == [".pdf", ".png"]
    for path in paths:
        assert re.fullmatch(r"exchange/2027/[0-9a-f]{32}\.(pdf|png)", path), path
        for leak in ("lea", "hoffmann", "lebenslauf", "letter"):
            assert leak not in path.lower()
        assert (private_media / path).is_file()


def test_the_applicant_is_mailed_in_their_language_and_the_principal_gets_a_link(client, form_data):
    client.post(APPLY, form_data(language="de"))

    applicant = OutboundEmail.objects.get(to="lea.hoffmann@example.de")
    assert applicant.event == "exchange_application_received"
    assert applicant.language == "de"
    assert applicant.subject == "NYSF 2027: Wir haben Ihre Bewerbung erhalten"
    assert applicant.body_text.startswith("Hallo Lea Hoffmann,")
    principal = OutboundEmail.objects.get(to="principal@bunsen.example.de")
    assert principal.event == "exchange_nomination_confirm"
    link = re.search(r"https?://\S+/nysf/nomination/\S+/", principal.body_text).group()
    assert client.get(urlsplit(link).path).status_code == 200
    assert OutboundEmail.objects.count() == 2


def test_an_english_applicant_is_mailed_in_english(client, form_data):
    client.post(APPLY, form_data(language="en"))

    applicant = OutboundEmail.objects.get(to="lea.hoffmann@example.de")
    assert applicant.language == "en"
    assert applicant.subject == "NYSF 2027: we have received your application"


@pytest.mark.parametrize("language", ["fr", "he", "ja", "ru", "uk", "zh-hans"])
def test_an_applicant_may_get_our_e_mails_in_any_offered_language(client, form_data, language):
    response = client.post(APPLY, form_data(language=language))

    assert response.status_code == 302
    assert Application.objects.get().language == language
    assert OutboundEmail.objects.get(to="lea.hoffmann@example.de").language == language


# --- refusals --------------------------------------------------------------------------------


def test_a_language_not_offered_is_refused_on_its_field(client, form_data):
    response = client.post(APPLY, form_data(language="xx"))

    assert set(errors_of(response)) == {"language"}
    assert not Application.objects.exists()


def test_invalid_input_is_named_per_field_and_nothing_is_stored(client, form_data):
    response = client.post(
        APPLY,
        form_data(
            given_name="",
            email="not-an-address",
            date_of_birth=(timezone.localdate() + dt.timedelta(days=3)).isoformat(),
            gender="robot",
            graduation_year="1999",
            nominator_email="principal",
            cv=None,
        ),
    )

    assert response.status_code == 200
    errors = errors_of(response)
    assert set(errors) == {
        "given_name",
        "email",
        "date_of_birth",
        "gender",
        "graduation_year",
        "nominator_email",
        "cv",
    }
    assert "Please check your date of birth." in errors["date_of_birth"]
    assert "please correct the fields marked below" in response.content.decode()
    assert not Application.objects.exists()
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize(
    ("born", "accepted"),
    [
        (dt.date(2010, 2, 28), True),  # 18 on 28 February 2028
        (dt.date(2003, 2, 28), False),  # 25: too old by a day in a year without 29 February
        (dt.date(2016, 2, 29), False),  # 12 today: too young
    ],
)
def test_the_form_works_on_29_february(client, form_data, open_season, born, accepted):
    with time_machine.travel(dt.datetime(2028, 2, 29, 10, 0, tzinfo=BERLIN), tick=False):
        open_season.exchange_deadline = timezone.now() + dt.timedelta(days=30)
        open_season.save(update_fields=["exchange_deadline"])
        page = client.get(APPLY)
        response = client.post(
            APPLY, form_data(date_of_birth=born.isoformat(), graduation_year=2028)
        )

    assert page.status_code == 200
    if accepted:
        assert response.status_code == 302
        assert Application.objects.get().date_of_birth == born
    else:
        assert errors_of(response)["date_of_birth"] == ["Please check your date of birth."]
        assert not Application.objects.exists()


def test_the_pupil_cannot_name_themselves_as_the_nominating_teacher(client, form_data):
    response = client.post(
        APPLY,
        form_data(email="lea.hoffmann@example.de", nominator_email=" Lea.Hoffmann@Example.de"),
    )

    assert response.status_code == 200
    assert errors_of(response)["nominator_email"] == [
        "Enter the e-mail address of your principal or teacher, not your own: they confirm "
        "your nomination."
    ]
    assert not Application.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_an_unknown_school_is_refused_on_its_field(client, form_data):
    response = client.post(APPLY, form_data(school="999999"))

    assert "school" in errors_of(response)
    assert not Application.objects.exists()


def test_a_second_application_with_the_same_email_in_the_season_is_refused(
    client, form_data, open_season
):
    ApplicationFactory(season=open_season, email="Lea.Hoffmann@Example.de")

    response = client.post(APPLY, form_data(email="lea.hoffmann@example.de"))

    assert errors_of(response)["email"] == [
        "An application with this e-mail address already exists for this season."
    ]
    assert Application.objects.count() == 1
    assert not OutboundEmail.objects.exists()


def test_the_same_email_may_apply_again_in_another_season(client, form_data, open_season):
    ApplicationFactory(season__year=2026, email="lea.hoffmann@example.de", school=SchoolFactory())

    response = client.post(APPLY, form_data())

    assert response.status_code == 302
    assert Application.objects.filter(season=open_season).count() == 1


# --- the per-school limit --------------------------------------------------------------------


def test_a_school_nominates_one_female_and_one_male_candidate(client, form_data, open_season):
    taken = ApplicationFactory(season=open_season, school__name="Bunsen-Gymnasium")

    refused = client.post(APPLY, form_data())
    male = client.post(APPLY, form_data(gender="male", email="paul@example.de"))

    assert errors_of(refused)["school"] == [
        "Bunsen-Gymnasium has already nominated its 1 female candidate for 2027."
    ]
    assert male.status_code == 302
    assert set(Application.objects.values_list("gender", flat=True)) == {"female", "male"}
    assert Application.objects.filter(gender="female").get() == taken


def test_the_form_shows_which_schools_have_used_their_places(client, open_season, school):
    ApplicationFactory(season=open_season, school=school, gender="male")

    page = client.get(APPLY).content.decode()

    assert "Bunsen-Gymnasium (already nominated: male)" in page
    assert 'data-testid="schools-full"' in page


def test_a_rejected_or_withdrawn_candidate_frees_the_schools_place(
    client, form_data, application_in, school
):
    application_in(Application.Status.REJECTED, school=school)
    application_in(Application.Status.WITHDRAWN, school=school)

    page = client.get(APPLY).content.decode()
    response = client.post(APPLY, form_data())

    assert "already nominated" not in page
    assert response.status_code == 302
    assert Application.objects.filter(status="submitted").count() == 1


def test_the_limit_per_school_and_gender_is_the_programmes(client, form_data, open_season):
    OutboundProgramme.objects.filter(pk=OutboundProgramme.nysf().pk).update(
        candidates_per_school_and_gender=2
    )
    ApplicationFactory(season=open_season, school__name="Bunsen-Gymnasium")

    assert "up to 2 female and 2 male candidates" in client.get(APPLY).content.decode()
    second = client.post(APPLY, form_data())
    third = client.post(APPLY, form_data(email="mia@example.de"))

    assert second.status_code == 302
    assert errors_of(third)["school"] == [
        "Bunsen-Gymnasium has already nominated its 2 female candidates for 2027."
    ]


# --- documents -------------------------------------------------------------------------------

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("cv.pdf", EXECUTABLE, "application/pdf"),
            "Upload a PDF, PNG or JPEG file",
        ),
        (
            SimpleUploadedFile("cv.pdf", b"My CV: school, hobbies, prizes.", "application/pdf"),
            "this file is of an unknown type",
        ),
        (
            SimpleUploadedFile("cv.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024), "application/pdf"),
            "at most 10 MB are allowed",
        ),
        (SimpleUploadedFile("cv.pdf", b"", "application/pdf"), "empty"),
    ],
    ids=["renamed-executable", "text-file", "oversized", "empty"],
)
def test_a_cv_is_checked_by_its_content(client, form_data, upload, message):
    response = client.post(APPLY, form_data(cv=upload))

    assert message in " ".join(errors_of(response)["cv"])
    assert not Application.objects.exists()


def test_a_minor_must_attach_the_guardians_consent(client, form_data):
    minor = years_ago(17)

    refused = client.post(APPLY, form_data(date_of_birth=minor.isoformat()))
    accepted = client.post(
        APPLY,
        form_data(date_of_birth=minor.isoformat(), consent_form=UploadFactory(name="consent.pdf")),
    )

    assert errors_of(refused)["consent_form"] == ["Please attach this document."]
    assert accepted.status_code == 302
    kinds = set(Application.objects.get().documents.values_list("kind", flat=True))
    assert kinds == {"cv", "motivation_letter", "consent_form"}


# --- abuse protection ------------------------------------------------------------------------


def test_a_filled_honeypot_looks_successful_but_stores_nothing(client, form_data):
    response = client.post(APPLY, form_data(website="http://cheap-pills.example"))

    assert response.status_code == 302
    assert response["Location"] == THANK_YOU
    assert not Application.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_one_address_may_submit_only_so_many_applications_an_hour(client, form_data, settings):
    settings.EXCHANGE_APPLICATIONS_PER_HOUR = 2
    schools = [SchoolFactory() for _ in range(3)]

    answers = [
        client.post(APPLY, form_data(email=f"pupil{n}@example.de", school=school.pk)).status_code
        for n, school in enumerate(schools)
    ]
    elsewhere = Client(REMOTE_ADDR="192.0.2.7").post(
        APPLY, form_data(email="pupil9@example.de", school=schools[2].pk)
    )

    assert answers == [302, 302, 429]
    assert Application.objects.count() == 3
    assert elsewhere.status_code == 302


def test_the_throttled_answer_says_why(client, form_data, settings):
    settings.EXCHANGE_APPLICATIONS_PER_HOUR = 0

    response = client.post(APPLY, form_data())

    assert response.status_code == 429
    assert "Too many applications from your network" in response.content.decode()
    assert not Application.objects.exists()


def test_behind_the_proxy_each_pupil_is_counted_apart_and_spoofing_does_not_help(
    form_data, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.EXCHANGE_APPLICATIONS_PER_HOUR = 1
    schools = [SchoolFactory() for _ in range(3)]
    proxy = {"REMOTE_ADDR": "172.18.0.1"}  # what web sees of every visitor

    first = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.1").post(
        APPLY, form_data(email="pupil1@example.de", school=schools[0].pk)
    )
    spoofed = Client(**proxy, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1").post(
        APPLY, form_data(email="pupil2@example.de", school=schools[1].pk)
    )
    other_pupil = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.2").post(
        APPLY, form_data(email="pupil3@example.de", school=schools[2].pk)
    )

    assert [first.status_code, spoofed.status_code, other_pupil.status_code] == [302, 429, 302]
    assert Application.objects.count() == 2


def test_a_post_without_the_csrf_token_is_refused(form_data):
    browser = Client(enforce_csrf_checks=True)

    forged = browser.post(APPLY, form_data())
    token = browser.get(APPLY).cookies["csrftoken"].value
    genuine = browser.post(APPLY, form_data(csrfmiddlewaretoken=token))

    assert forged.status_code == 403
    assert genuine.status_code == 302
    assert Application.objects.count() == 1


# --- a closed season -------------------------------------------------------------------------


def test_without_an_open_season_the_form_is_closed(client, season):
    response = client.get(APPLY)

    assert response.status_code == 200
    assert "Applications for the NYSF are closed" in response.content.decode()


def test_after_the_deadline_nothing_is_accepted(client, form_data, open_season):
    with time_machine.travel(open_season.exchange_deadline + dt.timedelta(minutes=1)):
        page = client.get(APPLY)
        response = client.post(APPLY, form_data())

    assert "Applications for the NYSF are closed" in page.content.decode()
    assert "Applications for the NYSF are closed" in response.content.decode()
    assert not Application.objects.exists()


# --- the principal's link --------------------------------------------------------------------


@pytest.fixture
def applied(open_season, school):
    return ApplicationFactory(
        season=open_season, school=school, nominator_email="principal@bunsen.example.de"
    )


def confirmation_url(application: Application) -> str:
    return reverse("exchange:confirm_nomination", args=[services.nominator_token(application)])


def test_the_principal_confirms_the_nomination(client, applied):
    url = confirmation_url(applied)

    page = client.get(url)
    response = client.post(url, {"decision": "confirm"}, follow=True)

    assert applied.full_name in page.content.decode()
    applied.refresh_from_db()
    assert applied.nominator_confirmed_at is not None
    assert applied.status == Application.Status.SUBMITTED
    assert 'data-testid="nomination-confirmed"' in response.content.decode()
    assert (
        ApplicationChange.objects.filter(application=applied, action="nominator_confirm").count()
        == 1
    )


def test_confirming_twice_records_one_confirmation(client, applied):
    url = confirmation_url(applied)

    client.post(url, {"decision": "confirm"})
    first = Application.objects.get().nominator_confirmed_at
    client.post(url, {"decision": "confirm"})

    assert Application.objects.get().nominator_confirmed_at == first
    assert ApplicationChange.objects.filter(action="nominator_confirm").count() == 1


def test_the_principal_declines_and_the_application_is_withdrawn(client, applied):
    response = client.post(confirmation_url(applied), {"decision": "decline"}, follow=True)

    applied.refresh_from_db()
    assert applied.status == Application.Status.WITHDRAWN
    assert applied.nominator_confirmed_at is None
    change = applied.changes.get(action="withdraw")
    assert (change.actor_kind, change.reason) == (Actor.SCHOOL, "not_nominated_by_school")
    assert change.note == "Not nominated by the school."
    assert "This application has been withdrawn." in response.content.decode()


def test_a_decision_without_a_choice_is_asked_again(client, applied):
    response = client.post(confirmation_url(applied), {"decision": "maybe"})

    assert response.status_code == 200
    assert "decision" in response.context["form"].errors
    applied.refresh_from_db()
    assert applied.nominator_confirmed_at is None


@pytest.mark.parametrize(
    "token",
    ["garbage", "eyJhIjoxfQ:1abc:def", "x" * 300],
    ids=["garbage", "forged-signature", "long"],
)
def test_a_tampered_link_gets_the_friendly_404(client, applied, token, settings):
    response = client.get(reverse("exchange:confirm_nomination", args=[token]))

    assert response.status_code == 404
    page = response.content.decode()
    assert "This link is no longer valid" in page
    assert "if you still need to confirm a nomination" in page
    assert f"mailto:{settings.ISH_OFFICE_EMAIL}" in page


def test_a_link_for_another_principal_address_is_refused(client, applied):
    url = confirmation_url(applied)
    Application.objects.filter(pk=applied.pk).update(nominator_email="new@bunsen.example.de")

    assert client.get(url).status_code == 404


def test_an_expired_link_gets_the_friendly_404(client, applied, settings):
    url = confirmation_url(applied)

    with time_machine.travel(timezone.now() + dt.timedelta(days=settings.EXCHANGE_LINK_DAYS + 1)):
        response = client.post(url, {"decision": "confirm"})

    assert response.status_code == 404
    assert "This link is no longer valid" in response.content.decode()
    applied.refresh_from_db()
    assert applied.nominator_confirmed_at is None
