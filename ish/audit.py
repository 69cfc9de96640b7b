"""The audit trail (django-auditlog): which models it follows and which of their fields are
sensitive, the one function every read of personal data calls, and how an entry reads for the
person reading it (sensitive values masked for everyone but organisers).

Each area registers its own models with `track()` (in its AppConfig.ready); auditlog then writes
an entry for every create, change and delete, with the user and the client's address, which
`AuditMiddleware` takes from the request. Whatever belongs to a person (a document, a placement,
a bed) names its owner through auditlog's `get_additional_data` hook, so the entries about one
person can be found together (`about()`).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.signals import pre_save
from django.http import HttpRequest
from django.utils.encoding import smart_str
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from ish.addresses import client_ip
from ish.history import Actor

Action = LogEntry.Action

# How the API names each kind of entry. A read is auditlog's ACCESS action; what it served (a
# page or a file) is kept beside it.
CREATE, UPDATE, DELETE, READ, DOWNLOAD = "create", "update", "delete", "read", "download"
ACTIONS = (CREATE, UPDATE, DELETE, READ, DOWNLOAD)
_NAMES = {Action.CREATE: CREATE, Action.UPDATE: UPDATE, Action.DELETE: DELETE}
ACTION_LABELS = {
    CREATE: _("created"),
    UPDATE: _("changed"),
    DELETE: _("deleted"),
    READ: _("viewed"),
    DOWNLOAD: _("downloaded"),
}
# What a reader who may not see a sensitive value gets instead of it.
MASK = "***"
# How auditlog writes "no value" (None becomes the text "None" in a change).
NO_VALUE = (None, "", "None")

_sensitive_fields: dict[type[models.Model], frozenset[str]] = {}


def track(
    model: type[models.Model],
    *,
    sensitive: Iterable[str] = (),
    exclude: Iterable[str] = (),
    hidden: Iterable[str] = (),
) -> None:
    """Follow every change of `model` in the audit trail. Values of `sensitive` fields are
    shown to organisers only; of `hidden` fields (a password hash) only that they changed is
    stored; `exclude` names fields whose changes say nothing (a timestamp the save sets)."""
    excluded = set(exclude)
    auditlog.register(
        model,
        # The stored fields only: auditlog would otherwise list each reverse relation too.
        include_fields=[f.name for f in model._meta.concrete_fields if f.name not in excluded],
        mask_fields=list(hidden),
        mask_callable="ish.audit.conceal",
    )
    _sensitive_fields[model] = frozenset(sensitive)


def conceal(value: str) -> str:
    """What the trail stores of a hidden field's value: whether there was one."""
    return "" if value in NO_VALUE else MASK


def record_read(obj: models.Model, reader=None, *, download: str = "", by: str = "") -> LogEntry:
    """Write down that `reader` saw `obj`'s personal data, or downloaded its file named
    `download`. `reader` is the signed-in user; for someone without an account it is None and
    `by` says who (an `ish.history.Actor`, e.g. the student through their link). Every page,
    endpoint and export that serves sensitive data calls this, and only this."""
    details = {"access": DOWNLOAD if download else READ}
    if download:
        details["file"] = download
    if by:
        details["by"] = by
    owner = getattr(obj, "get_additional_data", None)
    if owner is not None:
        details = {**owner(), **details}
    return LogEntry.objects.log_create(
        obj, action=Action.ACCESS, force_log=True, actor=reader, additional_data=details
    )


def record_created(objects: Sequence[models.Model]) -> None:
    """The "created" entries auditlog writes on each save, for objects of one tracked model
    stored with `bulk_create` (which sends no signals), in one insert. Each entry goes through
    LogEntry's pre_save signal as a saved one does, so auditlog's context (the request's user
    and address, from `AuditMiddleware`) fills in who acted and from where."""
    if not objects or auditlog_disabled.get():
        return
    content_type = ContentType.objects.get_for_model(objects[0])
    entries = []
    for obj in objects:
        entry = LogEntry(
            content_type=content_type,
            object_pk=smart_str(obj.pk),
            object_id=obj.pk,
            object_repr=smart_str(obj),
            action=Action.CREATE,
            changes=model_instance_diff(
                None, obj, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
            ),
            cid=get_cid(),
            additional_data=obj.get_additional_data()
            if hasattr(obj, "get_additional_data")
            else None,
        )
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using=None, update_fields=None)
        entries.append(entry)
    LogEntry.objects.bulk_create(entries)


def about(obj: models.Model) -> Q:
    """The entries about `obj`'s person: of `obj` itself, and of everything that names it as
    its owner (a nomination's documents, placements and beds; an application's documents)."""
    return of_named(obj._meta.model_name, obj.pk, with_belongings=True)


def reads_by_others(user) -> Q:
    """Reads and downloads by anyone but `user` (and by people without an account)."""
    return Q(action=Action.ACCESS) & ~Q(actor=user)


def named_object(text: str) -> tuple[str, int]:
    """The model name and the id that `<model>:<id>` names (`nomination:12`); ValueError when it
    is not of that form or no model has that name."""
    name, _colon, pk = text.partition(":")
    # An id past 64 bits would overflow the database's integer.
    if not (pk.isascii() and pk.isdigit() and int(pk) < 2**63):
        raise ValueError(text)
    if not ContentType.objects.filter(model=name).exists():
        raise ValueError(text)
    return name, int(pk)


def of_named(model: str, pk: int, *, with_belongings: bool = False) -> Q:
    """The entries of the object `<model>:<pk>` (which may be gone); `with_belongings` adds
    those of what names it as its owner (see `about`)."""
    query = Q(content_type__model=model, object_id=pk)
    if with_belongings:
        query |= Q(**{f"additional_data__{model}": pk})
    return query


@dataclass(frozen=True)
class Change:
    """One field's change as the reader sees it: its label in their language."""

    label: str
    old: object
    new: object

    @property
    def old_text(self) -> str:
        return _shown(self.old)

    @property
    def new_text(self) -> str:
        return _shown(self.new)


def _shown(value) -> str:
    return "—" if value in NO_VALUE else str(value)


@dataclass(frozen=True)
class Entry:
    """An entry of the trail as one reader may see it."""

    id: int
    at: dt.datetime
    actor: str | None  # the username; None when no user acted
    actor_name: str
    address: str | None
    object: str  # "<model>:<id>"
    object_label: str
    action: str  # one of ACTIONS
    changes: dict[str, list]
    file: str = ""  # what a download served
    by: str = ""  # who read without an account (an Actor code)
    rows: tuple[Change, ...] = field(default=())

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])

    def as_data(self) -> dict:
        """The entry as the API and a person's data archive give it."""
        names = ("id", "at", "actor", "address", "object", "action", "changes", "file", "by")
        return {name: getattr(self, name) for name in names}


@dataclass(frozen=True)
class Trail:
    """The latest entries of an object's trail, as the card on its page shows them."""

    entries: list[Entry]
    total: int

    @classmethod
    def of(cls, entries: QuerySet[LogEntry], reader, length: int = 20) -> "Trail":
        return cls(readable(entries[:length], reader), entries.count())


def action_of(entry: LogEntry) -> str:
    if entry.action == Action.ACCESS:
        return (entry.additional_data or {}).get("access", READ)
    return _NAMES[entry.action]


def readable(entries: Iterable[LogEntry], reader) -> list[Entry]:
    """The entries as `reader` may see them (read them with their actor and content type
    selected): sensitive values masked unless the reader is an organiser."""
    return [_readable(entry, reader.is_organiser) for entry in entries]


def _readable(entry: LogEntry, unmasked: bool) -> Entry:
    model = entry.content_type.model_class()
    sensitive = _sensitive_fields.get(model, frozenset())
    changes = {}
    rows = []
    for name, values in (entry.changes or {}).items():
        old, new = values
        if name in sensitive and not unmasked:
            old, new = masked(old), masked(new)
        changes[name] = [old, new]
        rows.append(Change(_field_label(model, name), old, new))
    details = entry.additional_data or {}
    actor = entry.actor
    by = details.get("by", "")
    return Entry(
        id=entry.pk,
        at=entry.timestamp,
        actor=actor.username if actor else None,
        actor_name=_actor_name(actor, by, entry.remote_addr),
        address=entry.remote_addr,
        object=f"{entry.content_type.model}:{entry.object_id or entry.object_pk}",
        object_label=f"{model._meta.verbose_name if model else entry.content_type.model} "
        f"#{entry.object_id or entry.object_pk}",
        action=action_of(entry),
        changes=changes,
        file=details.get("file", ""),
        by=by,
        rows=tuple(rows),
    )


def masked(value):
    """A value as someone who may not see it reads it: whether there was one."""
    return value if value in NO_VALUE else MASK


def _field_label(model: type[models.Model] | None, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:  # a field since removed
        return name


def _actor_name(actor, by: str, address: str | None) -> str:
    if actor is not None:
        return actor.get_full_name() or actor.username
    if by in Actor.values:
        return str(Actor(by).label)
    return str(_("someone without an account")) if address else str(Actor.SYSTEM.label)


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware with the project's rule for the client's address (behind
    TRUSTED_PROXY_COUNT proxies), and with the user looked up only when an entry is written:
    the API authenticates tokens in the view, after every middleware has run."""

    def get_extra_data(self, request: HttpRequest) -> dict:
        return {
            "remote_addr": client_ip(request),
            # The port a client claims in X-Forwarded-Port tells nothing about who they are.
            "remote_port": None,
            "actor": SimpleLazyObject(lambda: self._get_actor(request)),
        }
