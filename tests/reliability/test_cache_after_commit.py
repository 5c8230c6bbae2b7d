"""An edit saved inside a transaction while another process renders the page: no server may cache
the old text under the new content version (the version changes only after the commit).

gunicorn with Redis as the shared cache, the version read on every request; a separate
`manage.py shell` process edits an article's title and has it approved and published (as the
clinical-review rules require), then holds its transaction open for a few seconds while we read
the page many times, then commits."""

import subprocess
import time
import uuid

from bench.common import BASE_DIR
from bench.proxy import RedisServer
from tests.conftest import requires_postgresql

from .clients import fetch
from .harness import GunicornServer
from .test_two_servers import ARTICLE_SLUG, CREATE_ARTICLE, manage_shell

pytestmark = requires_postgresql()

HOLD_SECONDS = 3


def test_an_edit_is_never_cached_as_old_text_under_the_new_version(main_postgresql, load_database, record_result):
    redis = RedisServer().start()
    server = GunicornServer(main_postgresql.url(load_database), workers=2,
                            extra_env={"REDIS_URL": redis.url, "PAGE_CACHE_VERSION_CHECK_SECONDS": "0"})
    try:
        server.start()
        manage_shell(server.env, CREATE_ARTICLE)
        path = server.base_url + f"/articles/{ARTICLE_SLUG}/"
        assert "Original title" in fetch(path).text
        new_title = f"Committed title {uuid.uuid4().hex[:8]}"
        editor = subprocess.Popen(
            [str(BASE_DIR / ".venv" / "bin" / "python"), "manage.py", "shell", "-v", "0", "-c", f"""
import sys, time
from django.db import transaction
from articles.models import Article
from tests.helpers import publish_edit
with transaction.atomic():
    # The live title changes the only way the rules allow: working copy, approval, publication.
    publish_edit(Article.objects.get(language="en", slug="{ARTICLE_SLUG}"), draft_title="{new_title}")
    print("saved", flush=True)
    time.sleep({HOLD_SECONDS})
print("committed", flush=True)
"""], cwd=BASE_DIR, env=server.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert editor.stdout.readline().strip() == "saved", editor.stderr.read()
        during = [fetch(path).text for _ in range(20)]
        editor.wait(timeout=60)
        committed_at = time.perf_counter()
        after = []
        while time.perf_counter() - committed_at < 3:
            after.append(new_title in fetch(path).text)
            time.sleep(0.05)
        first_new = after.index(True) if True in after else None
        record_result(
            tried="a separate process edits, approves and publishes an article inside a transaction, holds it open for "
                  f"{HOLD_SECONDS} s while gunicorn (Redis cache, version read on every request) renders the page "
                  f"{len(during)} times; then it commits",
            held="old text while uncommitted; the new text from the first request after the commit, and on every "
                 "request after that",
            figures={"reads_during": len(during), "reads_after": len(after),
                     "stale_reads_after_commit": after.count(False)},
        )
        assert all("Original title" in text for text in during)
        assert first_new == 0 and all(after), f"stale after the commit: {after.count(False)} of {len(after)}"
    finally:
        server.cleanup()
        redis.cleanup()
