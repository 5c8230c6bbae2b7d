"""Redis, the shared cache, stops while gunicorn serves: public pages are served uncached (no 500),
the form still takes requests, staff sign-in fails closed with a kind page; when Redis is back,
pages are cached again."""

import time
from collections import Counter

from tests.conftest import requires_postgresql

from .clients import fetch
from .harness import GunicornServer, answers, forge_form_token
from .test_serving_edge import CSRF
from .test_two_servers import ARTICLE_SLUG, CREATE_ARTICLE, manage_shell

pytestmark = requires_postgresql()

PAGES = ["/", "/articles/", f"/articles/{ARTICLE_SLUG}/", "/robots.txt", "/sitemap.xml", "/consultation/"]


def test_pages_and_the_form_survive_redis_stopping(main_postgresql, load_database, record_result):
    from bench.proxy import RedisServer

    redis = RedisServer().start()
    server = GunicornServer(main_postgresql.url(load_database), workers=2,
                            extra_env={"REDIS_URL": redis.url, "CACHE_RETRY_SECONDS": "1"})
    try:
        server.start()
        manage_shell(server.env, CREATE_ARTICLE)
        before = [fetch(server.base_url + path).status for path in PAGES]
        redis.stop()
        during = []
        for _round in range(3):
            during.extend(fetch(server.base_url + path) for path in PAGES)
        token, _token_id = forge_form_token(server.secret_key)
        form = fetch(server.base_url + "/consultation/", "POST", headers={"Cookie": f"csrftoken={CSRF}"},
                     body={**answers(), "csrfmiddlewaretoken": CSRF, "form_token": token})
        sign_in = fetch(server.base_url + "/admin/login/", "POST", headers={"Cookie": f"csrftoken={CSRF}"},
                        body={"username": "nobody", "password": "not a real password", "csrfmiddlewaretoken": CSRF})
        redis.start()
        time.sleep(1.5)  # CACHE_RETRY_SECONDS
        after = [fetch(server.base_url + f"/articles/{ARTICLE_SLUG}/") for _ in range(3)]
        statuses = Counter(answer.status for answer in during)
        record_result(
            tried="gunicorn with Redis as the shared cache; Redis stopped, then public pages (3 rounds), a form "
                  "post and a staff sign-in; Redis started again",
            held="pages 200 uncached, the form stored (303), sign-in refused with the kind 503 page; cached again "
                 "(public, with an ETag) once Redis was back",
            figures={"pages_during_outage": dict(statuses), "form": form.status, "sign_in": sign_in.status},
        )
        assert before == [200] * len(PAGES)
        assert statuses == {200: len(during)}, dict(statuses)
        assert form.status == 303
        assert sign_in.status == 503 and "Please try again in a few minutes" in sign_in.text
        assert "tel:988" in sign_in.text
        assert all(answer.status == 200 for answer in after)
        assert after[-1].header("cache-control").startswith("public") and after[-1].header("etag")
        assert not server.server_errors(), server.server_errors()[:10]
    finally:
        server.cleanup()
        redis.cleanup()
