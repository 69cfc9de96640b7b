"""Django's French formats; only the product's own names."""

WEEKDAY_DAY_FORMAT = "D j F"  # mer 2 décembre
WEEKDAY_DATE_FORMAT = "l j F Y"  # mercredi 2 décembre 2026
AXIS_DAY_FORMAT = "j/n"  # 2/12: a chart's axis label, under a narrow column
