"""English as the programme's partners read it: day before month (12/02/2026 means a different day
in Cambridge and in Palo Alto), month names not AP-style abbreviations ("Dec." ended sentences
with a doubled period), and the 24-hour clock: every time the portal shows is Heidelberg time or
a partner city's, and the programme's letters, timetables and the other languages use 24 hours."""

DATE_FORMAT = "j F Y"  # 2 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 2 Dec 2026
DATETIME_FORMAT = "j F Y, H:i"  # 2 December 2026, 14:03
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 2 Dec 2026, 14:03
TIME_FORMAT = "H:i"  # 14:03
MONTH_DAY_FORMAT = "j M"  # 2 Dec
# The product's own names (ish/formats/__init__.py).
WEEKDAY_DAY_FORMAT = "D j M"  # Wed 2 Dec
WEEKDAY_DATE_FORMAT = "l, j F Y"  # Wednesday, 2 December 2026
AXIS_DAY_FORMAT = "j/n"  # 2/12: a chart's axis label, under a narrow column
