"""Django's Japanese formats, with a space between date and time (2026年12月2日14:03 runs the
day into the hour)."""

DATETIME_FORMAT = "Y年n月j日 G:i"  # 2026年12月2日 14:03
# The product's own names (ish/formats/__init__.py).
WEEKDAY_DAY_FORMAT = "n月j日(D)"  # 12月2日(水)
WEEKDAY_DATE_FORMAT = "Y年n月j日(D)"  # 2026年12月2日(水)
AXIS_DAY_FORMAT = "n/j"  # 12/2: a chart's axis label, under a narrow column
