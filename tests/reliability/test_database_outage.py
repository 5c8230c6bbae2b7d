"""A database outage, end to end: the app under gunicorn as production runs it, on a disposable
PostgreSQL cluster that we stop in the middle and start again.

What must hold: while the database is down, a person who presses "Send" gets a kind 503 that
keeps every answer and says nothing was sent; the readiness probe says not ready while the
liveness probe stays up; once the database is back the very next submission is stored without
restarting gunicorn; and the database holds exactly the acknowledged requests.
"""

import pytest

from tests.conftest import requires_postgresql

from .harness import (
    Browser,
    Checks,
    DisposablePostgres,
    GunicornServer,
    answers,
    migrate,
    parse_form,
    read_token_id,
    stored_answer,
    visible_text,
)

pytestmark = requires_postgresql()

FORM = "/consultation/"
DATABASE = "kap_outage"


@pytest.fixture
def outage_site(postgres_binaries):
    """A fresh cluster with a migrated database, and gunicorn (2 workers) on it."""
    cluster = DisposablePostgres(postgres_binaries)
    server = None
    try:
        cluster.initdb().start()
        cluster.server.create_database(DATABASE)
        url = cluster.server.url(DATABASE)
        migrate(url)
        server = GunicornServer(url, workers=2)
        server.start()
        yield cluster, server
    finally:
        if server is not None:
            server.cleanup()
        cluster.destroy()


def typed(name, email, message):
    return answers(full_name=name, email=email, message=message, best_time="After 5 pm, not Fridays",
                   help_with=["anxiety", "other"], state="WA", contact_method="email")


def as_list(value):
    return value if isinstance(value, list) else [value]


def check_kept_answers(checks, who, response, sent):
    """The 503 page: status, wording, and every answer still in the form, token included."""
    text = visible_text(response.text)
    if not checks.check(f"{who}: POST during the outage answers 503 with the form and its answers",
                        response.status == 503, f"got {response.status or response.error}: {text[:160]}"):
        return None
    checks.check(f"{who}: the page says the request has not been sent", "has not been sent" in text,
                 text[:160])
    checks.check(f"{who}: the page asks to try again", "again" in text and "Send my request" in text)
    checks.check(f"{who}: Retry-After is set", response.headers.get("Retry-After") == "60",
                 str(response.headers.get("Retry-After")))
    form = parse_form(response.text)
    for field in ("full_name", "email", "best_time", "form_token"):
        checks.check(f"{who}: {field} is kept", form.inputs.get(field) == sent[field],
                     f"{form.inputs.get(field)!r} != {sent[field]!r}")
    checks.check(f"{who}: message is kept", form.values().get("message") == sent["message"],
                 repr(form.textareas.get("message")))
    checks.check(f"{who}: state is kept", form.inputs.get("state") == sent["state"], repr(form.inputs.get("state")))
    checks.check(f"{who}: choices are kept", form.inputs.get("help_with") == sent["help_with"],
                 repr(form.inputs.get("help_with")))
    checks.check(f"{who}: crisis help is on the page", "crisis-strip" in response.text)
    return form


def test_database_outage_keeps_answers_and_recovers_without_a_restart(outage_site, record_result):
    """Stop PostgreSQL under a running gunicorn, submit, start it again, submit again."""
    cluster, server = outage_site
    checks = Checks()
    acknowledged = []  # form token ids answered with 303
    seen = []  # (phase, path, status) of every request

    def request(phase, browser, method, path, data=None):
        response = browser.request(method, path, data=data)
        seen.append((phase, path, response.status))
        return response

    def open_form(phase, browser):
        page = request(phase, browser, "GET", FORM)
        fields = parse_form(page.text).inputs if page.status == 200 else {}
        return page, fields.get("csrfmiddlewaretoken"), fields.get("form_token")

    def send(phase, browser, data):
        response = request(phase, browser, "POST", FORM, data)
        if stored(response):
            acknowledged.append(read_token_id(data["form_token"]))
        return response

    def stored(response):
        return stored_answer(response.status, response.location)

    returning = Browser(server.base_url)  # has sent a request before: carries a session cookie
    newcomer = Browser(server.base_url)  # first visit
    probe = Browser(server.base_url)  # a load balancer's probe: no cookies
    workers_before = server.worker_pids()

    # 1. Database up: one request goes through; two people then open the form.
    first = typed("Zoë O'Brien-Ñúñez", "zoe.obrien@example.org", "First request.\nPlease call after 5.")
    _page, csrf, token = open_form("up", returning)
    response = send("up", returning, {**first, "csrfmiddlewaretoken": csrf, "form_token": token})
    checks.check("database up: a submission is acknowledged (303 to the confirmation)", stored(response),
                 f"got {response.status or response.error} {response.location}")
    checks.check("database up: the returning visitor now has a session", returning.has_cookie("sessionid"))

    second = typed("Ana-María Østergaard", "ana.m@example.net", "Second one, typed <carefully> & slowly.")
    _page, csrf, token = open_form("up", returning)
    second_post = {**second, "csrfmiddlewaretoken": csrf, "form_token": token}
    third = typed("Kwame Mensah", "kwame@example.com", "I am new here.\n\nTwo lines of question.")
    _page, csrf, token = open_form("up", newcomer)
    third_post = {**third, "csrfmiddlewaretoken": csrf, "form_token": token}

    # 2. The database goes away.
    cluster.stop("fast")
    returning_503 = send("down", returning, second_post)
    check_kept_answers(checks, "returning visitor", returning_503, second_post)
    newcomer_503 = send("down", newcomer, third_post)
    kept_form = check_kept_answers(checks, "first-time visitor", newcomer_503, third_post)
    readyz = request("down", probe, "GET", "/readyz")
    checks.check("database down: /readyz answers 503", readyz.status == 503, f"got {readyz.status}")
    healthz = request("down", probe, "GET", "/healthz")
    checks.check("database down: /healthz answers 200", healthz.status == 200, f"got {healthz.status}")
    home = request("down", Browser(server.base_url), "GET", "/")
    checks.check("database down: a public page is served or kindly refused (200 or 503), never a 500",
                 home.status in (200, 503), f"got {home.status}: {visible_text(home.text)[:120]}")

    # 3. The database comes back; gunicorn is not restarted.
    cluster.start()
    retries = 0
    _page, csrf, token = open_form("back", returning)
    again = {**second, "csrfmiddlewaretoken": csrf, "form_token": token}
    response = send("back", returning, again)
    for _attempt in range(2):  # a stale pooled connection may cost one kind 503; never more
        if response.status != 503:
            break
        retries += 1
        response = send("back", returning, again)
    checks.check("database back: the very next submission is acknowledged (303 to the confirmation)", stored(response),
                 f"got {response.status or response.error} after {retries} retries")

    # The first-time visitor presses "Send my request" again on the 503 page: same token, once.
    if kept_form is not None:
        resend = kept_form.values()
        resend.pop("submit", None)
        differences = {name: resend.get(name) for name, value in third_post.items()
                       if name != "csrfmiddlewaretoken" and as_list(resend.get(name)) != as_list(value)}
        checks.check("the kept form holds every answer", not differences, repr(differences))
        response = send("back", newcomer, resend)
        checks.check("database back: sending the kept form again is acknowledged", stored(response),
                     f"got {response.status or response.error} {response.location}")
        response = send("back", newcomer, resend)
        checks.check("database back: a second press of Send stores nothing new", stored(response),
                     f"got {response.status or response.error} {response.location}")

    # Both workers held a pooled connection from before the outage: every one must recover.
    for number in range(6):
        visitor = (returning, newcomer)[number % 2]
        _page, csrf, token = open_form("back", visitor)
        data = typed(f"Visitor {'ABCDEF'[number]}", f"visitor{number}@example.org", "After the outage.")
        response = send("back", visitor, {**data, "csrfmiddlewaretoken": csrf, "form_token": token})
        checks.check(f"database back: submission {number + 1} of 6 more is acknowledged", stored(response),
                     f"got {response.status or response.error} {response.location}")
    for _number in range(4):
        readyz = request("back", probe, "GET", "/readyz")
        checks.check("database back: /readyz answers 200", readyz.status == 200, f"got {readyz.status}")

    # 4. What is stored is exactly what was acknowledged.
    stored = [token for token, _spam in cluster.server.consultations_after(DATABASE)]
    checks.check("no acknowledged request is lost and none is stored twice",
                 sorted(stored) == sorted(set(acknowledged)) and len(stored) == len(set(stored)),
                 f"stored {len(stored)} rows for {len(set(acknowledged))} acknowledged tokens")
    checks.check("the request that got a 503 from the returning visitor was not stored",
                 read_token_id(second_post["form_token"]) not in stored)
    expected_down = {("down", FORM, 503), ("down", "/readyz", 503), ("down", "/", 503)}
    unexpected = [item for item in seen if item[2] is None or (item[2] >= 500 and item not in expected_down
                                                               and not (item[0] == "back" and item[2] == 503
                                                                        and retries))]
    checks.check("no other server error and no connection failure", not unexpected, repr(unexpected))
    checks.check("gunicorn kept its workers (no crash, no restart)", server.worker_pids() == workers_before,
                 f"{sorted(workers_before)} -> {sorted(server.worker_pids())}")

    record_result(
        tried="gunicorn (2 workers) on a disposable PostgreSQL 15; pg_ctl stop -m fast mid-session; "
              "submit from a returning and a first-time visitor; probes; pg_ctl start; submit again",
        held="503 kept every answer and said nothing was sent; /readyz 503 and /healthz 200 while down; "
             "next submission 303 without restarting gunicorn; rows == acknowledged submissions",
        figures={
            "requests": len(seen),
            "acknowledged": len(set(acknowledged)),
            "rows": len(stored),
            "retries_after_restart": retries,
            "checks": checks.summary(),
        },
    )
    if checks.failed:
        print("Server errors in the gunicorn log:\n" + "\n".join(server.server_errors()[-60:]))
    checks.assert_all()
