"""Django's Ukrainian formats, with the month in the genitive after a day (Django's "d F" gives
"02 Грудень", not "02 грудня"); dates without the closing "р.", which put a
doubled period at the end of every sentence that ends with a date."""

DATE_FORMAT = "d E Y"  # 02 грудня 2026
DATETIME_FORMAT = "d E Y, H:i"  # 02 грудня 2026, 14:03
MONTH_DAY_FORMAT = "d E"  # 02 грудня
# The product's own names (ish/formats/__init__.py).
WEEKDAY_DAY_FORMAT = "D, d E"  # Ср, 02 грудня
WEEKDAY_DATE_FORMAT = "l, d E Y"  # Середа, 02 грудня 2026
AXIS_DAY_FORMAT = "d.m"  # 02.12: a chart's axis label, under a narrow column
