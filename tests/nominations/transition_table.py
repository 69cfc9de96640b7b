"""PRODUCT.md's table of nomination transitions, written out by hand so that no test reads its
expectation from the code under test."""

from ish.nominations.models import Nomination

Status = Nomination.Status
ALL_ACTIONS = ["submit", "accept", "waitlist", "decline", "confirm", "withdraw"]
NON_FINAL = [Status.DRAFT, Status.SUBMITTED, Status.WAITLISTED, Status.ACCEPTED, Status.CONFIRMED]
# PRODUCT.md's table: (from, action) → to. Everything else is illegal.
LEGAL = {
    (Status.DRAFT, "submit"): Status.SUBMITTED,
    (Status.SUBMITTED, "accept"): Status.ACCEPTED,
    (Status.WAITLISTED, "accept"): Status.ACCEPTED,
    (Status.SUBMITTED, "waitlist"): Status.WAITLISTED,
    (Status.SUBMITTED, "decline"): Status.DECLINED,
    (Status.WAITLISTED, "decline"): Status.DECLINED,
    (Status.ACCEPTED, "confirm"): Status.CONFIRMED,
    **{(status, "withdraw"): Status.WITHDRAWN for status in NON_FINAL},
}
ILLEGAL = [
    (status, action)
    for status in Status.values
    for action in ALL_ACTIONS
    if (status, action) not in LEGAL
]
# A status each action can be taken from.
STARTS = {
    "submit": Status.DRAFT,
    "accept": Status.SUBMITTED,
    "waitlist": Status.SUBMITTED,
    "decline": Status.SUBMITTED,
    "confirm": Status.ACCEPTED,
    "withdraw": Status.SUBMITTED,
}


def transition_ids(pairs) -> list[str]:
    return [f"{status}-{action}" for status, action in pairs]
