"""Demo final presentations: the demo season's participants scheduled by the proposal (two rooms
on the day before the programme ends, grouped by lab), so that the schedule has something to
show. Idempotent: a season that has slots keeps them as they are."""

import datetime as dt
from zoneinfo import ZoneInfo

from ish.programme.models import Presentation
from ish.programme.presentation_proposals import Break, Grouping, accept_proposal, propose
from ish.seasons.models import Season

BERLIN = ZoneInfo("Europe/Berlin")
ROOMS = ["Hörsaal 1, INF 227", "Seminarraum 2, INF 227"]


def load_demo_presentations(season: Season) -> None:
    if Presentation.objects.filter(season=season).exists():
        return
    day = season.ends_on - dt.timedelta(days=1)
    proposal = propose(
        season,
        rooms=ROOMS,
        starts_at=dt.datetime.combine(day, dt.time(9, 0), tzinfo=BERLIN),
        minutes=20,
        breaks=[Break(dt.datetime.combine(day, dt.time(10, 30), tzinfo=BERLIN), 20)],
        grouping=Grouping.LAB,
    )
    accept_proposal(proposal)
