"""The programme weeks: events, attendance, catering, final presentations and calendars."""
