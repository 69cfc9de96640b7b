"""Every change to a lab placement, with its rules: the transitions and who may take them, the
lab's capacity under concurrency (transitions), the matching run (matching_run), offering all
proposals and reminding the labs (offers), and the e-mails (mail)."""

from ish.placements.services.mail import respond_by
from ish.placements.services.matching_run import MatchResult, run_matching
from ish.placements.services.offers import OfferResult, offer_all, send_offer_reminders
from ish.placements.services.transitions import (
    WORKFLOW,
    TransitionResult,
    cancel_for_withdrawal,
    create_placement,
    perform,
    transition,
    update_placement,
)

__all__ = [
    "WORKFLOW",
    "MatchResult",
    "OfferResult",
    "TransitionResult",
    "cancel_for_withdrawal",
    "create_placement",
    "offer_all",
    "perform",
    "respond_by",
    "run_matching",
    "send_offer_reminders",
    "transition",
    "update_placement",
]
