"""Django's Simplified Chinese formats, without the leading zero Django's month-and-day has
("09月5日" where its own comment says 9月5日)."""

MONTH_DAY_FORMAT = "n月j日"  # 12月2日
# The product's own names (ish/formats/__init__.py).
WEEKDAY_DAY_FORMAT = "n月j日 D"  # 12月2日 星期三
WEEKDAY_DATE_FORMAT = "Y年n月j日 l"  # 2026年12月2日 星期三
AXIS_DAY_FORMAT = "n/j"  # 12/2: a chart's axis label, under a narrow column
