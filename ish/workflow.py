"""The one way a status machine is declared: each action's sources, target and the roles that
may take it, the checks a service runs before a transition, and the actions a user may take now
(for pages, the API and templates alike).

A transition itself stays in its area's service, under the locks that area's limits need: the
workflow only answers "may this actor?" and "from this status?", and moves the status.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ish.errors import RuleViolation
from ish.forms import LengthLimits
from ish.history import COMMENT_MAX_LENGTH


@dataclass(frozen=True)
class Action:
    """A status transition: from which statuses, to which, and who besides organisers may take
    it (always only on objects in their own scope)."""

    name: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str] = frozenset()
    label: str | Promise = ""  # the button's text

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))
        object.__setattr__(self, "roles", frozenset(self.roles))

    @property
    def title(self) -> str:
        """The action as the reader sees it: its button's text in their language, else its name."""
        return str(self.label) if self.label else self.name


@dataclass(frozen=True)
class Workflow:
    """The actions of one model's status field, and the sentences that refuse them.

    `refused` names the object's status and the action's target status (`%(status)s`,
    `%(target)s`); `forbidden` the action (`%(action)s`). `in_scope(user, obj)` says whether a
    user with one of an action's roles may take it on this object (their city's nomination, their
    lab's placement); `out_of_scope` refuses the others (default: `forbidden`).
    """

    actions: tuple[Action, ...]
    refused: str | Promise
    forbidden: str | Promise
    in_scope: Callable[[Any, Any], bool] = field(default=lambda user, obj: False)
    out_of_scope: str | Promise | None = None

    def __post_init__(self):
        object.__setattr__(self, "_by_name", {action.name: action for action in self.actions})

    def __getitem__(self, name: str) -> Action:
        return self._by_name[name]

    def __iter__(self) -> Iterator[Action]:
        return iter(self.actions)

    def may(self, user, obj, action: Action) -> bool:
        """Whether the user's role lets them take the action on this object (`None`: the
        system, the student or applicant themselves — their services decide)."""
        if user is None or user.is_organiser:
            return True
        return user.effective_role in action.roles and self.in_scope(user, obj)

    def available(self, obj, user) -> list[Action]:
        """The actions the user may take on the object in its status now (the service checks
        again, under its locks, when one is taken)."""
        return [a for a in self.actions if obj.status in a.sources and self.may(user, obj, a)]

    def names_available(self, obj, user) -> list[str]:
        return [action.name for action in self.available(obj, user)]

    def ensure_may(self, user, obj, name: str) -> Action:
        """The action, if the user's role and scope allow it; PermissionDenied otherwise."""
        action = self[name]
        if user is None or user.is_organiser:
            return action
        if user.effective_role not in action.roles:
            raise PermissionDenied(str(self.forbidden) % {"action": action.title})
        if not self.in_scope(user, obj):
            message = self.out_of_scope or self.forbidden
            raise PermissionDenied(str(message) % {"action": action.title})
        return action

    def ensure_from(self, obj, name: str) -> Action:
        """The action, if it can start from the object's (locked) status; RuleViolation naming
        both statuses otherwise."""
        action = self[name]
        if obj.status not in action.sources:
            raise RuleViolation(
                str(self.refused)
                % {"status": obj.get_status_display(), "target": _label(obj, action.target)}
            )
        return action

    def move(self, obj, name: str) -> str:
        """Set the object's status to the action's target; returns the status it came from."""
        action = self.ensure_from(obj, name)
        from_status, obj.status = obj.status, action.target
        return from_status


class ActionForm(LengthLimits, forms.Form):
    """A transition from a page: the button pressed names the action, with an optional comment."""

    action = forms.ChoiceField()
    comment = forms.CharField(label=_("Comment"), required=False, max_length=COMMENT_MAX_LENGTH)

    def __init__(self, *args, workflow: Workflow, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(action.name, action.label) for action in workflow]


def _label(obj, status: str) -> str:
    return str(dict(obj._meta.get_field("status").flatchoices).get(status, status))
