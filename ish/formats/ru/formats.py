"""Django's Russian formats, with the month in the genitive after a day (Django's "j F" gives
"2 Декабрь", not "2 декабря"); dates without the closing "г.", which put a
doubled period at the end of every sentence that ends with a date."""

DATE_FORMAT = "j E Y"  # 2 декабря 2026
DATETIME_FORMAT = "j E Y, G:i"  # 2 декабря 2026, 14:03
MONTH_DAY_FORMAT = "j E"  # 2 декабря
# The product's own names (ish/formats/__init__.py).
WEEKDAY_DAY_FORMAT = "D, j E"  # Ср, 2 декабря
WEEKDAY_DATE_FORMAT = "l, j E Y"  # Среда, 2 декабря 2026
AXIS_DAY_FORMAT = "d.m"  # 02.12: a chart's axis label, under a narrow column
