"""Logging filters named in settings.LOGGING."""

import logging


class ForbiddenOnOneLine(logging.Filter):
    """A refused request (403) is routine (a stale link, a lower role): one
    warning line with the path is what an operator needs, not a traceback.
    Server errors keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
