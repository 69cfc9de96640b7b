"""The counts the dashboards and the season's charts show are the same after the run."""

import pytest

from ish.nominations.quotas import QuotaUse
from ish.placements.selectors import lab_use
from ish.portal.charts import season_charts
from ish.portal.selectors import office_dashboard
from ish.retention import services
from ish.seasons.models import Quota

pytestmark = pytest.mark.usefixtures("due")


def figures(past, organiser) -> dict:
    """Every number the office's dashboard, a coordinator's, a lab host's and the season's
    charts show for the season."""
    dashboard = office_dashboard(organiser, past.season)
    quota = Quota.objects.get(season=past.season)
    return {
        "charts": {
            chart.name: [
                (str(bar.label), bar.limit, [(str(s.label), s.value) for s in bar.segments])
                for bar in chart.bars
            ]
            for chart in season_charts(past.season)
        },
        "office": [
            ([(str(status), count) for status, _label, count in row.statuses], row.use)
            for row in dashboard.quotas
        ],
        "coordinator": QuotaUse.of(quota),
        "lab_host": lab_use(past.lab, past.season),
    }


def test_the_dashboards_and_season_charts_count_the_same_after_the_run(past, organiser):
    shown = figures(past, organiser)
    # The figures are there to be kept: a student arriving, placed and housed, an applicant.
    assert shown["charts"]["arrivals"] == [("Wed 16 Jul", None, [("Arrivals", 1)])]
    assert shown["charts"]["exchange"][4] == ("rejected", None, [("rejected", 1)])
    assert shown["lab_host"]["accepted"] == 1
    assert sum(bar[2][0][1] for bar in shown["charts"]["beds"]) > 0

    services.anonymise_season(past.season)

    assert figures(past, organiser) == shown
