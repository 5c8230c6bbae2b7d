"""The framework-free reference: a WSGI app that answers every request with one fixed HTML page.

It is served by gunicorn with the same gunicorn.conf.py as the site, and its page is as long as
the site's article page (BENCH_REFERENCE_BYTES), so the ratio of the two throughputs says how
much of what this machine and gunicorn can do the site keeps. No Django, no database.
"""

import os

_SIZE = int(os.environ.get("BENCH_REFERENCE_BYTES", "20000"))
_HEAD = b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reference</title></head><body><p>"
_TAIL = b"</p></body></html>\n"
BODY = _HEAD + b"x" * max(0, _SIZE - len(_HEAD) - len(_TAIL)) + _TAIL
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
