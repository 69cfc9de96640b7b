"""How each offered language writes dates and times (settings.FORMAT_MODULE_PATH): Django's named
formats where the product wants other ones than Django's defaults, and the product's own named
formats, which every language defines (a test holds them complete): WEEKDAY_DAY_FORMAT (a
calendar's or chart's day: "Wed 2 Dec"), WEEKDAY_DATE_FORMAT (a day's heading: "Wednesday,
2 December 2026") and AXIS_DAY_FORMAT (under a chart's column: "2/12")."""

# Django looks a format name up in these modules whatever the name (django.utils.formats.
# get_format), so templates use ours as they use its own: {{ day|date:"WEEKDAY_DAY_FORMAT" }}.
OWN_FORMATS = ("WEEKDAY_DAY_FORMAT", "WEEKDAY_DATE_FORMAT", "AXIS_DAY_FORMAT")
