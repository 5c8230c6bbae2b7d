"""Logging filters for the site's log handler."""

import logging

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError

CLIENT_ERRORS = (BadRequest, SuspiciousOperation, MultiPartParserError, UnicodeDecodeError)


class ClientErrorsOneLine(logging.Filter):
    """Drop the traceback from records about a client's bad request (a 4xx, or an exception the
    client caused): a few hundred such requests must not write megabytes of log. Server errors
    keep their traceback."""

    def filter(self, record):
        exception = record.exc_info[1] if record.exc_info else None
        status = getattr(record, "status_code", None)
        if isinstance(exception, CLIENT_ERRORS) or (exception is not None and status and 400 <= status < 500):
            record.exc_info = None
            record.exc_text = None
            record.msg = f"{record.msg} ({type(exception).__name__})"
        return True
