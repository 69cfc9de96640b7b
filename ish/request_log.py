"""The request log's filter that writes a client error (4xx) as one line, without a traceback."""

import logging


class ClientErrorsInOneLine(logging.Filter):
    """Django logs a refused request (PermissionDenied, a bad request) with the exception's
    traceback, as if it were a fault. A 4xx is an ordinary answer: its line (status, path) says
    all; the traceback stays for server errors, where someone must read it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
