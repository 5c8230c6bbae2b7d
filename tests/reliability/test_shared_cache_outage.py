"""Redis, the shared cache, stops while gunicorn serves: public pages are served uncached (no 500),
the form still takes requests, a staff sign-in is still checked in full (its throttling lives in
the database, django-axes): a wrong password gets the kind refusal and signs nobody in; when Redis
is back, pages are cached again."""

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
        # Whatever cookie the refusal set, it opens no staff page.
        admin = fetch(server.base_url + "/admin/", headers={"Cookie": "; ".join(
            filter(None, [f"csrftoken={CSRF}", sign_in.cookies]))})
        redis.start()
        time.sleep(1.5)  # CACHE_RETRY_SECONDS
        after = [fetch(server.base_url + f"/articles/{ARTICLE_SLUG}/") for _ in range(3)]
        statuses = Counter(answer.status for answer in during)
        record_result(
            tried="gunicorn with Redis as the shared cache; Redis stopped, then public pages (3 rounds), a form "
                  "post and a staff sign-in; Redis started again",
            held="pages 200 uncached, the form stored (303), a wrong sign-in refused kindly (200, nobody signed in, "
                 "no 500); cached again "
                 "(public, with an ETag) once Redis was back",
            figures={"pages_during_outage": dict(statuses), "form": form.status, "sign_in": sign_in.status,
                     "admin_after_sign_in": admin.status},
        )
        assert before == [200] * len(PAGES)
        assert statuses == {200: len(during)}, dict(statuses)
        # Every answer to a post is a 303; a stored request's leads to the confirmation.
        assert form.status == 303 and form.header("location").endswith("/consultation/received/"), form.headers
        assert sign_in.status == 200 and "We could not sign you in" in sign_in.text
        assert admin.status == 302 and "/admin/login/" in admin.header("location")
        assert all(answer.status == 200 for answer in after)
        assert after[-1].header("cache-control").startswith("public") and after[-1].header("etag")
        assert not server.server_errors(), server.server_errors()[:10]
    finally:
        server.cleanup()
        redis.cleanup()
