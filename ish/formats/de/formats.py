"""Django's German formats, with a comma between date and time (read in sentences: "bis
31. März 2027, 23:59") and three-letter month names where a label must be short: "Dez." would
end a sentence with a doubled period."""

DATETIME_FORMAT = "j. F Y, H:i"  # 2. Dezember 2026, 14:03
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"  # 02.12.2026, 14:03
MONTH_DAY_FORMAT = "j. M"  # 2. Dez
# The product's own names (ish/formats/__init__.py).
WEEKDAY_DAY_FORMAT = "D, j. M"  # Mi, 2. Dez
WEEKDAY_DATE_FORMAT = "l, j. F Y"  # Mittwoch, 2. Dezember 2026
AXIS_DAY_FORMAT = "j.n."  # 2.12.: a chart's axis label, under a narrow column
