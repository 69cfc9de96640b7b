"""Bulk actions of the portal lists: the rows a form selected, and the office's one action done
to each of them through the area's own service, each row in its own transaction, with a result
per row (done, or skipped and why). Rows the user may not see are skipped as not found."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from ish.errors import RuleViolation

# A page of the longest list; more ids than this in one request are not a selection.
MAX_ROWS = 200
FIELD = "selected"


@dataclass(frozen=True)
class RowResult:
    pk: int
    label: str
    done: bool
    note: str = ""


def selected_ids(data: QueryDict) -> list[int]:
    """The ids a bulk form selected, in the order given, each once; anything not an id is
    ignored, and only the first MAX_ROWS count."""
    ids: list[int] = []
    for value in data.getlist(FIELD):
        if value.isdigit() and int(value) not in ids:
            ids.append(int(value))
    return ids[:MAX_ROWS]


def back_url(request: HttpRequest, fallback: str) -> str:
    """The list the selection was made on (`next`), if it is one of ours."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


def visible_rows(ids: list[int], visible: QuerySet) -> list[Model]:
    """The selected rows among `visible` (the caller's selector), in the order selected."""
    found = visible.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def perform(
    ids: list[int],
    visible: QuerySet,
    act: Callable[[Model], str],
    label: Callable[[Model], str],
) -> list[RowResult]:
    """`act` done to each selected row of `visible`, in its own transaction: what it returns is
    the row's note; a rule it refuses (RuleViolation, ValidationError, PermissionDenied) skips
    the row with the rule's message and undoes what that row changed. An id that is not among
    `visible` is skipped as not found, whether it exists for somebody else or not at all."""
    found = visible.in_bulk(ids)
    results = []
    for pk in ids:
        row = found.get(pk)
        if row is None:
            results.append(RowResult(pk, f"#{pk}", False, _("Not found.")))
            continue
        try:
            with transaction.atomic():
                note = act(row)
        except RuleViolation as refused:
            results.append(RowResult(pk, label(row), False, refused.message))
        except ValidationError as refused:
            results.append(RowResult(pk, label(row), False, " ".join(refused.messages)))
        except PermissionDenied:
            results.append(RowResult(pk, label(row), False, _("You may not do this.")))
        else:
            results.append(RowResult(pk, label(row), True, note))
    return results


@dataclass(frozen=True)
class Action:
    """One bulk action of a list: what its pages say and what it does to each row."""

    name: str  # the form's `action` value
    title: str
    question: Callable[[int], str]  # the confirmation's question, for so many rows
    explanation: str
    row_label: str  # the results' column heading
    label: Callable[[Model], str]
    act: Callable[[Model], str]  # see perform
    extra: tuple[tuple[str, str], ...] = ()  # fields the confirmation posts back


def ask_then_do(
    request: HttpRequest, action: Action | None, visible: QuerySet, fallback: str
) -> HttpResponse:
    """The confirmation page until the selection comes back `confirmed`; then `action` done to
    each selected row of `visible` and the page of results. Without a selected row, or with
    another action than `action` (None: the form's own fields were invalid), back to the list
    (`next`, else `fallback`) with a message."""
    back = back_url(request, fallback)
    ids = selected_ids(request.POST)
    if action is None or request.POST.get("action") != action.name or not ids:
        messages.error(request, _("Select at least one row, then an action."))
        return redirect(back)
    if not request.POST.get("confirmed"):
        rows = visible_rows(ids, visible)
        return confirmation(
            request,
            title=action.title,
            question=action.question(len(rows)),
            explanation=action.explanation,
            ids=ids,
            rows=[action.label(row) for row in rows],
            action=action.name,
            back=back,
            extra=action.extra,
        )
    results = perform(ids, visible, action.act, label=action.label)
    return outcome(
        request, title=action.title, results=results, row_label=action.row_label, back=back
    )


def confirmation(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    explanation: str,
    ids: list[int],
    rows: list[str],
    action: str,
    back: str,
    extra: Iterable[tuple[str, str]] = (),
) -> HttpResponse:
    """The page that asks before a bulk action: `question` says how many rows, `rows` names the
    ones found; confirming posts the same selection (and `extra` fields) back with `confirmed`."""
    return render(
        request,
        "lists/bulk_confirm.html",
        {
            "title": title,
            "question": question,
            "explanation": explanation,
            "rows": rows,
            "not_found": len(ids) - len(rows),
            "action_url": request.path,
            "action": action,
            "ids": ids,
            "extra": list(extra),
            "back": back,
            "confirm_label": title,
        },
    )


def outcome(
    request: HttpRequest, *, title: str, results: list[RowResult], row_label: str, back: str
) -> HttpResponse:
    """The page after a bulk action: how many rows were done and skipped, and each row's result."""
    done = sum(result.done for result in results)
    return render(
        request,
        "lists/bulk_results.html",
        {
            "title": title,
            "results": results,
            "done": done,
            "skipped": len(results) - done,
            "row_label": row_label,
            "back": back,
        },
    )
