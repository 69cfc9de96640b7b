"""The office's surveys on the portal: organisers only; written with their questions (a question
of one choice needs two choices, named by its row), opened only with questions, closed; the
answers counted per choice and listed as free text with the name only where it is kept; the
answers exported through the export jobs; announced to the alumni who receive mails."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ish.alumni import services
from ish.alumni.models import Alumnus, Answer, Question, Survey
from ish.errors import RuleViolation
from ish.notifications.models import OutboundEmail
from ish.rosters.models import ExportJob
from tests.alumni.conftest import alumnus
from tests.factories import SeasonFactory


@pytest.fixture
def careers(db):
    """An open survey of two questions, answered by Ada (name kept) and by an alumnus who kept
    only their address."""
    season = SeasonFactory(year=2026)
    survey = Survey.objects.create(title="Careers", is_open=True)
    where = Question.objects.create(survey=survey, text="Where do you work?", position=1)
    helped = Question.objects.create(
        survey=survey, text="Did the ISH help?", kind="choice", choices="Yes\nNo", position=2
    )
    ada = alumnus(season, consent=("name", "email"), name="Ada Lovelace")
    quiet = alumnus(season, consent=("email",), email="quiet@example.org")
    Answer.objects.create(question=where, alumnus=ada, text="CERN")
    Answer.objects.create(question=where, alumnus=quiet, text="A bakery in Kyoto")
    Answer.objects.create(question=helped, alumnus=ada, text="Yes")
    Answer.objects.create(question=helped, alumnus=quiet, text="Yes")
    return {"survey": survey, "where": where, "helped": helped, "ada": ada, "quiet": quiet}


def shown(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def question_rows(*rows: tuple[str, str, str], initial: int = 0, ids=()) -> dict:
    data = {
        "questions-TOTAL_FORMS": str(len(rows)),
        "questions-INITIAL_FORMS": str(initial),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, (text, kind, choices) in enumerate(rows):
        data.update(
            {
                f"questions-{index}-text": text,
                f"questions-{index}-kind": kind,
                f"questions-{index}-choices": choices,
                f"questions-{index}-id": str(ids[index]) if index < len(ids) else "",
            }
        )
    return data


def test_the_list_shows_each_survey_with_its_state_questions_and_respondents(careers, client_as):
    Survey.objects.create(title="Empty draft", is_open=False)

    html = shown(client_as("organiser").get(reverse("alumni:surveys")))

    assert "Careers" in html
    assert "Empty draft" in html
    rows = html.split("<tbody>")[1]
    careers_row = rows.split("Careers")[1].split("</tr>")[0]
    assert "open" in careers_row
    assert [cell.strip() for cell in careers_row.split("<td>")[2:4]] == ["2</td>", "2</td>"]
    draft_row = rows.split("Empty draft")[1].split("</tr>")[0]
    assert "closed" in draft_row


def test_the_alumni_list_links_the_surveys(careers, client_as):
    assert reverse("alumni:surveys") in shown(client_as("organiser").get(reverse("alumni:list")))


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
@pytest.mark.parametrize(
    "page", ["alumni:surveys", "alumni:survey_new", "alumni:survey", "alumni:survey_edit"]
)
def test_no_other_role_opens_the_survey_pages(careers, client_as, role, page):
    args = [careers["survey"].pk] if page in {"alumni:survey", "alumni:survey_edit"} else []

    assert client_as(role).get(reverse(page, args=args)).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "lab_host"])
@pytest.mark.parametrize("action", ["survey_state", "survey_export", "survey_announce"])
def test_no_other_role_opens_closes_exports_or_announces(careers, client_as, role, action):
    response = client_as(role).post(reverse(f"alumni:{action}", args=[careers["survey"].pk]))

    assert response.status_code == 403
    assert Survey.objects.get().is_open
    assert not ExportJob.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_signed_out_the_surveys_ask_to_sign_in(careers, client):
    response = client.get(reverse("alumni:surveys"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_missing_survey_is_not_found(careers, client_as):
    assert client_as("organiser").get(reverse("alumni:survey", args=[999])).status_code == 404


def test_the_office_writes_a_new_survey_closed_with_its_questions_in_order(db, client_as):
    data = {"title": "After the ISH", "introduction": "Three minutes."}
    data.update(
        question_rows(
            ("What do you study?", "text", "ignored for free text"),
            ("Would you come back?", "choice", " Yes \n\nNo\nMaybe"),
            ("", "text", ""),
        )
    )

    response = client_as("organiser").post(reverse("alumni:survey_new"), data)

    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("alumni:survey", args=[survey.pk])
    assert (survey.title, survey.introduction, survey.is_open) == (
        "After the ISH",
        "Three minutes.",
        False,
    )
    assert [(q.position, q.text, q.kind, q.choices) for q in survey.questions.all()] == [
        (1, "What do you study?", "text", ""),
        (2, "Would you come back?", "choice", "Yes\nNo\nMaybe"),
    ]


def test_a_question_of_one_choice_with_fewer_than_two_choices_is_refused_naming_its_row(
    db, client_as
):
    data = {"title": "After the ISH", "introduction": ""}
    data.update(question_rows(("What do you study?", "text", ""), ("Back?", "choice", "Yes\n")))

    response = client_as("organiser").post(reverse("alumni:survey_new"), data)

    html = shown(response)
    assert "Question 2: a question of one choice needs at least two choices" in html
    assert not Survey.objects.exists()


def test_a_missing_title_is_named_by_its_field(db, client_as):
    data = {"title": "", "introduction": ""}
    data.update(question_rows(("What do you study?", "text", "")))

    html = shown(client_as("organiser").post(reverse("alumni:survey_new"), data))

    title_input = html.split('name="title"')[1].split(">")[0]
    assert "is-invalid" in title_input
    assert "This field is required." in html
    assert not Survey.objects.exists()


def test_changing_a_survey_keeps_the_answers_of_the_questions_kept(careers, client_as):
    survey, where, helped = careers["survey"], careers["where"], careers["helped"]
    data = {"title": "Careers 2028", "introduction": ""}
    data.update(
        question_rows(
            ("Where do you work now?", "text", ""),
            ("Did the ISH help?", "choice", "Yes\nNo"),
            initial=2,
            ids=(where.pk, helped.pk),
        )
    )
    data["questions-1-DELETE"] = "on"

    response = client_as("organiser").post(reverse("alumni:survey_edit", args=[survey.pk]), data)

    assert response.status_code == 302
    assert [q.text for q in Survey.objects.get().questions.all()] == ["Where do you work now?"]
    assert set(Answer.objects.values_list("text", flat=True)) == {"CERN", "A bakery in Kyoto"}


def test_an_open_survey_cannot_lose_all_its_questions(careers, client_as):
    survey = careers["survey"]
    data = {"title": "Careers", "introduction": ""}
    data.update(
        question_rows(
            ("Where do you work?", "text", ""),
            ("Did the ISH help?", "choice", "Yes\nNo"),
            initial=2,
            ids=(careers["where"].pk, careers["helped"].pk),
        )
    )
    data["questions-0-DELETE"] = data["questions-1-DELETE"] = "on"

    html = shown(client_as("organiser").post(reverse("alumni:survey_edit", args=[survey.pk]), data))

    assert "An open survey needs at least one question" in html
    assert survey.questions.count() == 2


def test_a_survey_without_questions_cannot_be_opened(db, client_as):
    survey = Survey.objects.create(title="Empty", is_open=False)

    response = client_as("organiser").post(
        reverse("alumni:survey_state", args=[survey.pk]), {"open": "1"}, follow=True
    )

    assert "A survey without questions cannot be opened" in shown(response)
    assert not Survey.objects.get().is_open
    with pytest.raises(RuleViolation):
        services.open_survey(survey)


def test_the_office_closes_and_opens_a_survey(careers, client_as):
    office, survey = client_as("organiser"), careers["survey"]

    office.post(reverse("alumni:survey_state", args=[survey.pk]), {"open": "0"})
    assert not Survey.objects.get().is_open
    office.post(reverse("alumni:survey_state", args=[survey.pk]), {"open": "1"})
    assert Survey.objects.get().is_open


def test_the_answers_are_counted_per_choice_and_listed_with_a_name_only_where_kept(
    careers, client_as
):
    Answer.objects.create(question=careers["helped"], alumnus=alumnus(SeasonFactory()), text="No")

    html = shown(client_as("organiser").get(reverse("alumni:survey", args=[careers["survey"].pk])))

    counts = html.split('data-testid="choice-counts"')[1].split("</table>")[0]
    assert "<bdi>Yes</bdi></td><td>2</td>" in counts
    assert "<bdi>No</bdi></td><td>1</td>" in counts
    texts = html.split('data-testid="text-answers"')[1].split("</ul>")[0]
    assert "CERN" in texts
    assert "Ada Lovelace" in texts
    assert "A bakery in Kyoto" in texts
    assert "name not kept" in texts
    assert "quiet@example.org" not in html
    assert "3 alumni answered" in html


def test_a_name_not_agreed_to_is_never_shown_even_if_stored(careers, client_as):
    Alumnus.objects.filter(pk=careers["quiet"].pk).update(name="Secret Name")

    html = shown(client_as("organiser").get(reverse("alumni:survey", args=[careers["survey"].pk])))

    assert "Secret Name" not in html


def test_the_answers_page_costs_the_same_queries_for_10_or_200_answers(db, client_as):
    season = SeasonFactory(year=2026)
    survey = Survey.objects.create(title="Careers", is_open=True)
    where = Question.objects.create(survey=survey, text="Where?", position=1)
    helped = Question.objects.create(
        survey=survey, text="Help?", kind="choice", choices="Yes\nNo", position=2
    )
    office = client_as("organiser")
    office.get(reverse("alumni:surveys"))  # the session and the menu's first reads
    counts = {}
    for size in (10, 200):
        alumni = Alumnus.objects.bulk_create(
            Alumnus(
                season=season,
                consent=["name"],
                consented_at="2026-09-01T10:00:00+02:00",
                name=f"Alumnus {size}-{n}",
            )
            for n in range(size - Alumnus.objects.count())
        )
        Answer.objects.bulk_create(
            answer
            for a in alumni
            for answer in (
                Answer(question=where, alumnus=a, text=f"Lab of {a.name}"),
                Answer(question=helped, alumnus=a, text="Yes"),
            )
        )
        for page, args in (("alumni:surveys", []), ("alumni:survey", [survey.pk])):
            with CaptureQueriesContext(connection) as queries:
                html = shown(office.get(reverse(page, args=args)))
            counts.setdefault(page, []).append(len(queries))
        assert f"{size} alumni answered" in html
        assert f"Alumnus {size}-0" in html

    assert counts["alumni:surveys"][0] == counts["alumni:surveys"][1]
    assert counts["alumni:survey"][0] == counts["alumni:survey"][1]


def test_the_answers_are_exported_through_an_export_job(careers, client_as, organiser):
    response = client_as("organiser").post(
        reverse("alumni:survey_export", args=[careers["survey"].pk])
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("rosters:list")
    job = ExportJob.objects.get()
    assert (job.kind, job.parameters, job.requested_by) == (
        "survey",
        {"survey": careers["survey"].pk},
        organiser,
    )


def test_tell_the_alumni_mails_only_those_who_receive_mail_with_an_unsubscribe_link(
    careers, client_as
):
    alumnus(SeasonFactory(year=2025), consent=("name",), name="No Address")
    Alumnus.objects.filter(pk=careers["quiet"].pk).update(unsubscribed_at="2026-10-01T10:00Z")

    response = client_as("organiser").post(
        reverse("alumni:survey_announce", args=[careers["survey"].pk]),
        {"subject": "Careers", "body": "Please answer our survey."},
        follow=True,
    )

    assert "The mail goes to 1 alumnus." in shown(response)
    sent = OutboundEmail.objects.get(event="alumni_mail")
    assert sent.to == "ada@example.org"
    assert "/alumni/unsubscribe/" in sent.body_text
    assert "Please answer our survey." in sent.body_text


def test_a_closed_survey_is_not_announced(careers, client_as):
    services.close_survey(careers["survey"])

    response = client_as("organiser").post(
        reverse("alumni:survey_announce", args=[careers["survey"].pk]),
        {"subject": "Careers", "body": "Please answer."},
        follow=True,
    )

    assert "Only an open survey can be announced" in shown(response)
    assert not OutboundEmail.objects.exists()


def test_an_announcement_without_a_subject_is_refused_naming_the_field(careers, client_as):
    response = client_as("organiser").post(
        reverse("alumni:survey_announce", args=[careers["survey"].pk]),
        {"subject": "", "body": "Please answer."},
        follow=True,
    )

    assert "Subject: This field is required." in shown(response)
    assert not OutboundEmail.objects.exists()
