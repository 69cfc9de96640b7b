"""Every change to alumni: asking a season's participants, recording, updating and withdrawing a
consent (only the consented fields are ever stored), unsubscribing, the office's mails to a group,
and survey answers. The retention run (ish.retention) detaches alumni from their nominations,
keeping what ish.retention.catalogue.BY_CONSENT says. The office's surveys: written, opened,
closed and announced here, answered through the alumni's links."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ish.accounts.models import User
from ish.alumni import links
from ish.alumni.models import (
    CONSENT_VERSION,
    CONSENT_WORDING,
    Alumnus,
    Answer,
    GroupMail,
    Question,
    Survey,
)
from ish.errors import RuleViolation
from ish.nominations.models import Nomination
from ish.notifications.models import OutboundEmail
from ish.notifications.services import Message, Recipient, notify_all
from ish.placements.models import Placement
from ish.seasons.models import Season

Field = Alumnus.Field
# The fields whose value is copied from the nomination: once it is anonymised, a field given up
# cannot be taken back (there is nothing left to copy).
COPIED = (Field.NAME, Field.CITY, Field.LAB, Field.EMAIL)


def participants_to_ask(season: Season) -> QuerySet[Nomination]:
    """The season's participants (holding a place) who have not been asked and can be: their
    data still there, with an address."""
    return (
        Nomination.objects.filter(
            season=season,
            status__in=Nomination.HOLDS_A_PLACE,
            anonymised_at__isnull=True,
        )
        # Not a join on the alumni: PostgreSQL locks no row on the nullable side of one.
        .exclude(Exists(Alumnus.objects.filter(nomination=OuterRef("pk"))))
        .exclude(email="")
        .order_by("pk")
    )


@transaction.atomic
def ask_season(season: Season, *, today: dt.date | None = None) -> int:
    """Ask each participant of the ended season, once, by mail in their language, whether to stay
    in touch; returns how many were asked now."""
    today = today or timezone.localdate()
    if season.ends_on >= today:
        raise RuleViolation(
            _("The participants of %(year)s are asked once their season has ended.")
            % {"year": season.year}
        )
    nominations = list(participants_to_ask(season).select_for_update())
    now = timezone.now()
    asked = Alumnus.objects.bulk_create(
        Alumnus(nomination=n, season=season, language=n.language, asked_at=now) for n in nominations
    )
    notify_all(
        Message(
            "alumni_invitation",
            about=nomination,
            recipients=[Recipient(nomination.email, nomination.language, nomination.full_name)],
            context={"season": season.year, "url": links.page_url(alumnus)},
        )
        for nomination, alumnus in zip(nominations, asked, strict=True)
    )
    return len(asked)


def ask_due(today: dt.date | None = None) -> int:
    """What beat does daily: ask the participants of every ended season not yet asked."""
    today = today or timezone.localdate()
    due = Season.objects.filter(
        ends_on__lt=today,
        nominations__status__in=Nomination.HOLDS_A_PLACE,
        nominations__anonymised_at__isnull=True,
        nominations__alumnus__isnull=True,
    ).distinct()
    return sum(ask_season(season, today=today) for season in due.order_by("year"))


def available_fields(alumnus: Alumnus) -> list[str]:
    """What the alumnus may choose to keep now: everything while the nomination is there to copy
    from, afterwards what they keep already (and their later studies, which they write)."""
    if alumnus.nomination_id is not None:
        return list(Field.values)
    return [name for name in Field.values if name in alumnus.consent or name not in COPIED]


@transaction.atomic
def record_consent(alumnus: Alumnus, *, fields: list[str], later_studies: str = "") -> Alumnus:
    """Keep exactly `fields`, copied from the nomination (later studies as written), with the
    consent's wording as shown in the active language, its version and the time; every other
    field is emptied."""
    # Locks the alumnus alone: its nomination (gone after the retention run) is an outer join.
    alumnus = (
        Alumnus.objects.select_for_update(of=("self",))
        .select_related("nomination")
        .get(pk=alumnus.pk)
    )
    chosen = [name for name in Field.values if name in fields]
    if not chosen:
        raise RuleViolation(_("Tick at least one detail to keep, or withdraw your consent."))
    refused = set(chosen) - set(available_fields(alumnus))
    if refused:
        raise RuleViolation(_("Details given up after the season's data was deleted are gone."))
    nomination = alumnus.nomination
    values = {
        Field.NAME: nomination.full_name if nomination else alumnus.name,
        Field.CITY: nomination.city if nomination else alumnus.city,
        Field.LAB: _lab_of(nomination) if nomination else alumnus.lab,
        Field.EMAIL: nomination.email if nomination else alumnus.email,
        Field.LATER_STUDIES: later_studies.strip(),
    }
    _keep_only(alumnus, chosen, values)
    alumnus.consented_at = timezone.now()
    alumnus.consent_wording = str(CONSENT_WORDING)
    alumnus.consent_language = translation.get_language() or ""
    alumnus.consent_version = CONSENT_VERSION
    alumnus.withdrawn_at = None
    alumnus.save()
    return alumnus


@transaction.atomic
def withdraw(alumnus: Alumnus) -> None:
    """Withdraw the consent: every kept detail, every survey answer and the texts of the mails
    sent to them go at once. The row stays (without any of it) only while the nomination is
    there, so that the participant is not asked again; otherwise it is deleted."""
    alumnus = Alumnus.objects.select_for_update().get(pk=alumnus.pk)
    alumnus.answers.all().delete()
    _erase_mails(alumnus)
    if alumnus.nomination_id is None:
        alumnus.delete()
        return
    _keep_only(alumnus, [], {})
    alumnus.consented_at = None
    alumnus.consent_wording = alumnus.consent_language = alumnus.consent_version = ""
    alumnus.unsubscribed_at = None
    alumnus.withdrawn_at = timezone.now()
    alumnus.save()


def unsubscribe(alumnus: Alumnus) -> Alumnus:
    """No more mails to alumni; the alumnus is kept (withdrawing is on their page)."""
    if alumnus.unsubscribed_at is None:
        alumnus.unsubscribed_at = timezone.now()
        alumnus.save(update_fields=["unsubscribed_at"])
    return alumnus


def subscribe_again(alumnus: Alumnus) -> Alumnus:
    alumnus.unsubscribed_at = None
    alumnus.save(update_fields=["unsubscribed_at"])
    return alumnus


def recipients_of(alumni: QuerySet[Alumnus]) -> QuerySet[Alumnus]:
    """Those of `alumni` a group mail reaches: an e-mail address is stored only with its consent,
    and the unsubscribed are left out."""
    return alumni.filter(consented_at__isnull=False, unsubscribed_at__isnull=True).exclude(email="")


@transaction.atomic
def send_group_mail(alumni: QuerySet[Alumnus], *, subject: str, body: str, by: User) -> GroupMail:
    """The office's mail to `alumni` (a filtered list), each in the outbox with their own
    unsubscribe link."""
    recipients = list(recipients_of(alumni).order_by("pk"))
    mail = GroupMail.objects.create(
        subject=subject.strip(), body=body.strip(), sent_by=by, recipients=len(recipients)
    )
    notify_all(
        Message(
            "alumni_mail",
            about=alumnus,
            occasion=f"mail-{mail.pk}",
            recipients=[Recipient(alumnus.email, alumnus.language, alumnus.name)],
            context={
                "subject": mail.subject,
                "body": mail.body,
                "url": links.page_url(alumnus),
                "unsubscribe_url": links.unsubscribe_url(alumnus),
            },
        )
        for alumnus in recipients
    )
    return mail


@transaction.atomic
def answer_survey(alumnus: Alumnus, survey: Survey, answers: dict[int, str]) -> None:
    """Store the alumnus's answers to an open survey (again: replaces their earlier ones)."""
    if not alumnus.is_alumnus or not survey.is_open:
        raise RuleViolation(_("This survey takes no answers."))
    for question in survey.questions.all():
        Answer.objects.update_or_create(
            question=question,
            alumnus=alumnus,
            defaults={"text": (answers.get(question.pk) or "").strip()},
        )


# --- the office's surveys -------------------------------------------------------------------------

# A question of one choice offers at least this many: one choice is no choice.
FEWEST_CHOICES = 2


@dataclass(frozen=True)
class QuestionDraft:
    """A question as the office wrote it on the survey's form: `row` is its place there (from 1),
    `pk` the question it changes (None for a new one)."""

    row: int
    text: str
    kind: str
    choices: str = ""
    pk: int | None = None

    @property
    def choice_list(self) -> list[str]:
        return Question(choices=self.choices).choice_list


@transaction.atomic
def save_survey(
    survey: Survey | None, *, title: str, introduction: str, questions: list[QuestionDraft]
) -> Survey:
    """Write a survey (a new one is closed until the office opens it) with exactly `questions`,
    in their order: a question left out is deleted with its answers. ValidationError naming the
    row of each question of one choice with fewer than two choices, and refusing an open survey
    without questions."""
    problems = [
        ValidationError(
            _("Question %(row)s: a question of one choice needs at least two choices, one a line."),
            code="too_few_choices",
            params={"row": draft.row},
        )
        for draft in questions
        if draft.kind == Question.Kind.CHOICE and len(draft.choice_list) < FEWEST_CHOICES
    ]
    if problems:
        raise ValidationError({"choices": problems})
    if survey is None:
        survey = Survey(is_open=False)
    else:
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.is_open and not questions:
        raise ValidationError(
            {"questions": _("An open survey needs at least one question: close it first.")}
        )
    survey.title, survey.introduction = title.strip(), introduction.strip()
    survey.save()
    existing = {question.pk: question for question in survey.questions.all()}
    kept = []
    for position, draft in enumerate(questions, start=1):
        question = existing.get(draft.pk) or Question(survey=survey)
        question.position, question.text, question.kind = position, draft.text.strip(), draft.kind
        # A question of free text offers no choices: none are kept for it.
        question.choices = (
            "\n".join(draft.choice_list) if draft.kind == Question.Kind.CHOICE else ""
        )
        question.save()
        kept.append(question.pk)
    survey.questions.exclude(pk__in=kept).delete()
    return survey


@transaction.atomic
def open_survey(survey: Survey) -> Survey:
    """Open for answers on the alumni's pages; a survey without questions cannot be."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.questions.exists():
        raise RuleViolation(_("A survey without questions cannot be opened: add a question first."))
    survey.is_open = True
    survey.save(update_fields=["is_open"])
    return survey


def close_survey(survey: Survey) -> Survey:
    """No more answers; those given stay, for the results and the export."""
    survey.is_open = False
    survey.save(update_fields=["is_open"])
    return survey


def announce_survey(survey: Survey, *, subject: str, body: str, by: User) -> GroupMail:
    """Tell every alumnus who receives mails about an open survey: a group mail like any other
    (each with their own page, where they answer, and an unsubscribe link)."""
    if not survey.is_open:
        raise RuleViolation(_("Only an open survey can be announced: open it first."))
    return send_group_mail(Alumnus.objects.all(), subject=subject, body=body, by=by)


@dataclass(frozen=True)
class QuestionResults:
    question: Question
    counts: list[tuple[str, int]]  # a question of one choice: each choice and how often
    texts: list[Answer]  # a question of free text: the answers given, oldest first


def survey_results(survey: Survey) -> list[QuestionResults]:
    """Each question with its answers: how often each choice was chosen (also an answer to a
    choice since changed), and the free texts with their alumni. Three queries however many."""
    questions = list(survey.questions.all())
    answers = Answer.objects.filter(question__survey=survey).exclude(text="")
    counted: dict[int, dict[str, int]] = {}
    for row in (
        answers.filter(question__kind=Question.Kind.CHOICE)
        .values("question_id", "text")
        .annotate(count=Count("pk"))
        .order_by("question_id", "text")
    ):
        counted.setdefault(row["question_id"], {})[row["text"]] = row["count"]
    texts: dict[int, list[Answer]] = {}
    for answer in (
        answers.filter(question__kind=Question.Kind.TEXT)
        .select_related("alumnus")
        .order_by("answered_at", "pk")
    ):
        texts.setdefault(answer.question_id, []).append(answer)
    results = []
    for question in questions:
        given = counted.get(question.pk, {})
        offered = question.choice_list
        counts = [(choice, given.get(choice, 0)) for choice in offered]
        counts += [(text, n) for text, n in given.items() if text not in offered]
        results.append(QuestionResults(question, counts, texts.get(question.pk, [])))
    return results


def _keep_only(alumnus: Alumnus, chosen: list[str], values: dict[str, object]) -> None:
    """Set each chosen field to its value (or leave it as it is) and empty every other."""
    alumnus.consent = list(chosen)
    for name in Field.values:
        if name not in chosen:
            setattr(alumnus, name, None if name in (Field.CITY, Field.LAB) else "")
        elif name in values:
            setattr(alumnus, name, values[name])


def _lab_of(nomination: Nomination):
    placement = (
        Placement.objects.filter(nomination=nomination, status=Placement.Status.ACCEPTED)
        .select_related("lab")
        .first()
    )
    return placement.lab if placement else None


def _erase_mails(alumnus: Alumnus) -> None:
    """The outbox's messages to the alumnus keep their event and status, nothing of them."""
    OutboundEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(Alumnus), object_id=alumnus.pk
    ).update(
        to="",
        recipient_name="",
        subject="",
        body_text="",
        body_html="",
        last_error="",
        idempotency_key=Concat(Value("anonymised:"), Cast("pk", output_field=CharField())),
    )
