"""Django's Hebrew formats; only the product's own names."""

WEEKDAY_DAY_FORMAT = "D, j בF"  # רביעי, 2 בדצמבר
WEEKDAY_DATE_FORMAT = "l, j בF Y"  # רביעי, 2 בדצמבר 2026
AXIS_DAY_FORMAT = "j.n"  # 2.12: a chart's axis label, under a narrow column
