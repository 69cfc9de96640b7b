"""The one history every workflow writes: which event happened to what, from which status to
which, who acted and what they wrote — stored as codes and parameters, rendered in the reader's
language.

Each area keeps its own history table (with a real foreign key to what changed) built on
`StatusChange`, and writes rows with its `record()` (or `entry()` for many rows at once). A user
is stored with the name they had (names are not translated); anyone else who acts — the system,
the student through their link, an applicant, a school — as an `Actor` code. A comment is stored
as its author typed it; a reason the system gives is stored as a code of the area's `REASONS`.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Actor(models.TextChoices):
    """Who acted when no user of the portal did."""

    SYSTEM = "system", _("the system")
    STUDENT = "student", _("the student")
    APPLICANT = "applicant", _("the applicant")
    SCHOOL = "school", _("the school")


# What a user may type with a transition or a score: the pages and the API hold them to it.
COMMENT_MAX_LENGTH = 2000


def name_of(user) -> str:
    """How the history names a user: their name as it was when they acted."""
    return user.get_full_name() or user.username


class StatusChange(models.Model):
    action = models.CharField(_("event"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The user's name when they acted, kept if the account goes; blank when no user acted.
    actor_label = models.CharField(_("by"), max_length=200, blank=True)
    actor_kind = models.CharField(_("acted as"), max_length=20, choices=Actor.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    # Set by each area: the foreign key to what changed, the labels of its events that are not a
    # plain transition ("created", "by the matching"), and the reasons the system gives.
    subject: ClassVar[str]
    EVENTS: ClassVar[dict[str, Promise]] = {}
    REASONS: ClassVar[dict[str, Promise]] = {}

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @classmethod
    def entry(
        cls,
        obj: models.Model,
        action: str,
        from_status: str,
        *,
        actor=None,
        by: str = Actor.SYSTEM,
        comment: str = "",
        reason: str = "",
    ) -> "StatusChange":
        """The unsaved row of an event that brought `obj` to its current status; `by` says who
        acted when `actor` (a user) is None."""
        if reason and reason not in cls.REASONS:
            raise ValueError(f"{cls.__name__} has no reason {reason!r}")
        return cls(
            **{cls.subject: obj},
            action=action,
            from_status=from_status,
            to_status=obj.status,
            actor=actor,
            actor_label=name_of(actor) if actor else "",
            actor_kind="" if actor else by,
            comment=comment,
            reason=reason,
        )

    @classmethod
    def record(cls, obj: models.Model, action: str, from_status: str, **kwargs) -> "StatusChange":
        change = cls.entry(obj, action, from_status, **kwargs)
        change.save()
        return change

    # --- read in the reader's language --------------------------------------------------------

    @property
    def actor_name(self) -> str:
        return self.actor_label or str(Actor(self.actor_kind or Actor.SYSTEM).label)

    @property
    def from_label(self) -> str:
        return self._status_label(self.from_status) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return self._status_label(self.to_status)

    @property
    def event_label(self) -> str:
        """What happened, where it is more than a change of status ("created")."""
        label = self.EVENTS.get(self.action)
        return str(label) if label else ""

    @property
    def note(self) -> str:
        """The comment as typed, or the system's reason in the reader's language."""
        if self.comment:
            return self.comment
        return str(self.REASONS.get(self.reason, ""))

    def _status_label(self, status: str) -> str:
        subject = self._meta.get_field(self.subject).related_model
        return str(dict(subject._meta.get_field("status").flatchoices).get(status, status))


# --- the migrations that made the histories language-neutral (December 2026) ------------------

# How earlier versions stored who acted when no user did, in English or German.
_ACTOR_TEXTS = {
    "the student": Actor.STUDENT,
    "die nominierte Person": Actor.STUDENT,
    "the system": Actor.SYSTEM,
    "das System": Actor.SYSTEM,
    "the applicant or school": Actor.APPLICANT,
    "die bewerbende Person oder die Schule": Actor.APPLICANT,
}


def stored_texts_to_codes(model, reasons: dict[str, str], by_school: set[str] = frozenset()):
    """Rewrite the rows of a history model (as the migration sees it) that name no user: their
    actor text becomes an `Actor` code, and a comment the system wrote (`reasons`: text in
    either language → reason code) becomes its code. `by_school`: the reason codes that mean the
    school acted rather than the applicant."""
    for change in model.objects.filter(actor_label__in=_ACTOR_TEXTS):
        change.actor_kind = _ACTOR_TEXTS[change.actor_label]
        change.actor_label = ""
        if change.comment in reasons:
            change.reason, change.comment = reasons[change.comment], ""
        if change.reason in by_school or change.action == "nominator_confirm":
            change.actor_kind = Actor.SCHOOL
        change.save(update_fields=["actor_kind", "actor_label", "reason", "comment"])
