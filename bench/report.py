"""The printed report and the budget checks, from the results the runner collected."""

import re

PAGE_LABELS = {
    "home": "home  /",
    "list": "article list",
    "article": "an article",
    "article_es": "a Spanish article",
    "topic": "topic page",
    "search": "search",
    "form": "form (GET)",
    "submit": "form POST -> 303",
    "reference": "REFERENCE (no Django)",
}
QUERY_BUDGET_ARTICLE = 3
REFERENCE_SHARE_BUDGET = 0.15
GROWTH_BUDGET = 1.5
FIRST_VISIT_BUDGET_BYTES = 60_000  # 60 KB, with 1 KB = 1,000 bytes (the stricter reading)
POST_RATE_BUDGET = 100.0
LIGHTHOUSE_PAGES = ("home", "article", "form")
# The budgets of an article page hold for the English page and its Spanish translation alike.
ARTICLE_PAGES = ("article", "article_es")
# Runs during which other work took more of the CPU than this are marked with * in the tables.
FOREIGN_NOTE = 0.15
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


# Small formatting helpers ------------------------------------------------------------------

def rps(value):
    return "-" if value is None else (f"{value:,.0f}" if value >= 100 else f"{value:.1f}")


def ms(value):
    return "-" if value is None else (f"{value:.1f}" if value >= 10 else f"{value:.2f}")


def pct(value):
    return "-" if value is None else f"{value * 100:.0f}%"


def ratio(value):
    return "-" if value is None else f"{value:.2f}x"


def foreign(*runs):
    """The largest share of CPU other work took during these runs, as text ("-" if unknown)."""
    shares = [run.get("foreign_cpu") for run in runs if run and run.get("foreign_cpu") is not None]
    if not shares:
        return "-"
    worst = max(shares)
    return f"{worst * 100:.0f}%" + (" *" if worst > FOREIGN_NOTE else "")


def restarts(*runs):
    """Workers gunicorn replaced during these runs (max_requests recycling)."""
    return sum(run.get("workers_replaced", 0) for run in runs if run)


def table(headers, rows, align=None):
    """A plain text table; columns right-aligned except the first."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    align = align or ["<"] + [">"] * (len(headers) - 1)
    lines = []
    for number, row in enumerate([headers, *rows]):
        lines.append("  ".join(f"{str(cell):{a}{w}}" for cell, a, w in zip(row, align, widths, strict=True)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def ordered_sizes(results):
    return sorted(results["sizes"].items(), key=lambda item: item[1]["articles"])


def run_of(entry, mode, page, connections):
    return (entry.get(mode) or {}).get(page, {}).get(str(connections))


def rps_of(entry, mode, page, connections):
    run = run_of(entry, mode, page, connections)
    return run["rps"] if run else None


def reference_rps(entry, connections):
    run = (entry.get("reference") or {}).get(str(connections))
    return run["rps"] if run else None


def share_of_reference(entry, mode, page, connections):
    page_rps, ref_rps = rps_of(entry, mode, page, connections), reference_rps(entry, connections)
    return page_rps / ref_rps if page_rps and ref_rps else None


def time_growth(small, large, mode, page, connections=16):
    """Time per request at the large corpus over time at the small one: 1/throughput at 16 connections."""
    small_rps, large_rps = rps_of(small, mode, page, connections), rps_of(large, mode, page, connections)
    return small_rps / large_rps if small_rps and large_rps else None


def first_visit(results, page, scale):
    browser = results.get("browser") or {}
    if "error" in browser:
        return None
    return (browser.get(page) or {}).get(str(scale))


# Budgets ---------------------------------------------------------------------------------

def evaluate_budgets(results):
    budgets = []

    def add(name, status, detail):
        budgets.append({"name": name, "status": status, "detail": detail})

    sizes = ordered_sizes(results)
    if not sizes:
        return budgets

    for page in ARTICLE_PAGES:
        title = PAGE_LABELS[page][0].upper() + PAGE_LABELS[page][1:]
        counts = {label: entry["queries"][page]["queries"] for label, entry in sizes if page in entry["queries"]}
        add(f"{title} page: at most {QUERY_BUDGET_ARTICLE} SQL queries (first render, "
            "page cache off)",
            "PASS" if counts and all(c <= QUERY_BUDGET_ARTICLE for c in counts.values()) else "FAIL",
            ", ".join(f"{label}: {count}" for label, count in counts.items()) or "not measured")

    if len(sizes) >= 2:
        (small_label, small), (large_label, large) = sizes[0], sizes[-1]
        grown = []
        details = []
        for page in small["queries"]:
            a, b = small["queries"][page]["queries"], large["queries"][page]["queries"]
            details.append(f"{page} {a}->{b}")
            if b > a:
                grown.append(page)
        add(f"No page's query count grows with articles ({small_label} -> {large_label})",
            "FAIL" if grown else "PASS", ", ".join(details) + (f"; grew: {', '.join(grown)}" if grown else ""))
    else:
        add("No page's query count grows with articles", "SKIP", "needs two corpus sizes")

    for page in ARTICLE_PAGES:
        title = PAGE_LABELS[page][0].upper() + PAGE_LABELS[page][1:]
        shares = {label: (share_of_reference(entry, "cached", page, 16), rps_of(entry, "cached", page, 16),
                          reference_rps(entry, 16)) for label, entry in sizes}
        add(f"{title} page at 16 connections >= {pct(REFERENCE_SHARE_BUDGET)} of the "
            "reference's throughput (as deployed, page cache on)",
            "PASS" if all(s is not None and s >= REFERENCE_SHARE_BUDGET for s, _a, _r in shares.values()) else "FAIL",
            "; ".join(f"{label}: {pct(s)} ({rps(a)} vs {rps(r)} req/s; other CPU "
                      f"{foreign(run_of(entry, 'cached', page, 16), (entry.get('reference') or {}).get('16'))})"
                      for (label, (s, a, r)), (_label, entry) in zip(shares.items(), sizes, strict=True)))
    uncached = {label: (share_of_reference(entry, "uncached", "article", 16), rps_of(entry, "uncached", "article", 16))
                for label, entry in sizes}
    add(f"Article page at 16 connections >= {pct(REFERENCE_SHARE_BUDGET)} of the reference, page cache off "
        "(every request rendered; not a budget, shown for the cost of a cache miss)",
        "INFO", "; ".join(f"{label}: {pct(s)} ({rps(a)} req/s)" for label, (s, a) in uncached.items()))

    for page in ("search", "list"):
        if len(sizes) < 2:
            add(f"{PAGE_LABELS[page]}: time at the largest corpus within {GROWTH_BUDGET}x of the smallest", "SKIP",
                "needs two corpus sizes")
            continue
        (small_label, small), (large_label, large) = sizes[0], sizes[-1]
        growth = time_growth(small, large, "uncached", page)
        cached_growth = time_growth(small, large, "cached", page)
        add(f"{PAGE_LABELS[page]}: time per request at {large_label} within {GROWTH_BUDGET}x of {small_label} "
            "(1/throughput at 16 connections, page cache off)",
            "PASS" if growth is not None and growth <= GROWTH_BUDGET else "FAIL",
            f"{ratio(growth)} ({rps(rps_of(small, 'uncached', page, 16))} -> "
            f"{rps(rps_of(large, 'uncached', page, 16))} req/s; other CPU "
            f"{foreign(run_of(small, 'uncached', page, 16), run_of(large, 'uncached', page, 16))});"
            f" with the page cache on: {ratio(cached_growth)}")

    for page in ARTICLE_PAGES:
        label = PAGE_LABELS[page]
        visit = first_visit(results, page, 2)
        if visit is None:
            reason = (results.get("browser") or {}).get("error", "not measured (--skip-browser)")
            add(f"First visit to {label} <= 60 KB", "SKIP", reason)
            continue
        visit3 = first_visit(results, page, 3)
        add(f"First visit to {label} <= 60 KB (Chromium, 390x844 at device scale 2, all responses as received)",
            "PASS" if visit["total_bytes"] <= FIRST_VISIT_BUDGET_BYTES else "FAIL",
            f"{visit['total_bytes']:,} bytes in {visit['requests']} responses"
            + (f"; at device scale 3: {visit3['total_bytes']:,} bytes" if visit3 else ""))

    lighthouse = results.get("lighthouse") or {}
    if "pages" not in lighthouse:
        add("Lighthouse 100 in all four categories on home, an article and the form", "SKIP",
            lighthouse.get("error") or f"skipped ({lighthouse.get('skipped', 'not run')})")
    else:
        below = []
        for page in LIGHTHOUSE_PAGES:
            run = lighthouse["pages"].get(page, {"error": "not run"})
            if "error" in run:
                below.append(f"{page}: error ({run['error'][:80]})")
                continue
            below += [f"{page} {category} {score}" for category, score in run["scores"].items() if score != 100]
        add("Lighthouse 100 in all four categories on home, an article and the form",
            "FAIL" if below else "PASS", ("below 100: " + ", ".join(below)) if below else "all 12 scores are 100")

    for label, entry in sizes:
        rate = rps_of(entry, "cached", "submit", 16)
        check = (entry.get("form_checks") or {}).get("16")
        add(f"Form submissions >= {POST_RATE_BUDGET:.0f}/s at 16 connections on PostgreSQL ({label})",
            "PASS" if rate is not None and rate >= POST_RATE_BUDGET else "FAIL",
            f"{rps(rate)} req/s (other CPU {foreign(run_of(entry, 'cached', 'submit', 16))})")
        for connections, check in sorted((entry.get("form_checks") or {}).items(), key=lambda item: int(item[0])):
            add(f"Every form submission stored exactly once ({label}, {connections} connection"
                f"{'s' if connections != '1' else ''})",
                "PASS" if check["exactly_once"] else "FAIL", exactly_once_detail(check))
    return budgets


def exactly_once_detail(check):
    detail = (f"{check['answers_303']:,} answered 303, {check['rows_stored']:,} rows stored"
              f" ({check['in_flight_stored']} of {check['in_flight_at_stop']} requests in flight when wrk stopped"
              f" were stored too, their answers not read)")
    problems = [f"{name.replace('_', ' ')}: {check[name]}" for name in (
        "answers_other", "rows_duplicated", "answered_303_but_missing", "rows_for_tokens_never_sent",
        "tokens_reused", "suspected_spam") if check[name]]
    failed = {kind: count for kind, count in check["wrk_errors"].items() if count}
    if failed:
        problems.append(f"wrk errors: {failed}")
    if not check.get("all_attempts_exactly_once", True):
        problems.append("an earlier run of the same load (repeated because the machine was busy) failed this check")
    return detail + ("; " + "; ".join(problems) if problems else "")


# The printed report ------------------------------------------------------------------------

def load_table(results, mode, pages, with_reference):
    in_process = mode == "uncached"
    headers = ["corpus", "page", "SQL", "render ms" if in_process else "SQL hit", "SQL ms" if in_process else "HTML B",
               "1c req/s", "p50 ms", "p99 ms", "16c req/s", "p50 ms", "p99 ms", "vs ref 16c", "other CPU", "restarts"]
    rows = []
    for label, entry in ordered_sizes(results):
        for page in pages:
            if page not in (entry.get(mode) or {}):
                continue
            one, sixteen = run_of(entry, mode, page, 1), run_of(entry, mode, page, 16)
            queries = entry["queries"].get(page, {})
            hit = queries.get("cached_queries")
            hit_max = queries.get("cached_queries_max")
            hit_text = "-" if hit is None or mode == "uncached" else (
                f"{hit}-{hit_max}" if hit_max != hit else str(hit))
            if in_process:
                second, third = ms(queries.get("render_ms")), ms(sum(queries.get("query_ms", [])))
            else:
                second = hit_text
                third = f"{entry['html'][page]['bytes']:,}" if page in entry.get("html", {}) else "-"
            rows.append([
                label, PAGE_LABELS[page], queries.get("queries", "-"), second, third,
                rps(one and one["rps"]), ms(one and one["p50_ms"]), ms(one and one["p99_ms"]),
                rps(sixteen and sixteen["rps"]), ms(sixteen and sixteen["p50_ms"]), ms(sixteen and sixteen["p99_ms"]),
                pct(share_of_reference(entry, mode, page, 16)), foreign(one, sixteen), restarts(one, sixteen),
            ])
        if with_reference and entry.get("reference"):
            one, sixteen = entry["reference"]["1"], entry["reference"]["16"]
            rows.append([label, PAGE_LABELS["reference"], "-", "-", f"{entry['html']['article']['bytes']:,}",
                         rps(one["rps"]), ms(one["p50_ms"]), ms(one["p99_ms"]),
                         rps(sixteen["rps"]), ms(sixteen["p50_ms"]), ms(sixteen["p99_ms"]), "100%",
                         foreign(one, sixteen), restarts(one, sixteen)])
    return table(headers, rows)


def short_sql(sql, width=104):
    """A query, shortened to what tells it apart: long column lists become '...'."""
    sql = " ".join(sql.replace('"', "").split())
    match = re.match(r"SELECT (DISTINCT )?(.*?) FROM ", sql)
    if match and len(match.group(2)) > 30:
        # Text for a person to read, never run.
        sql = sql[: match.start(2)] + "... " + sql[match.end(2) + 1:]
    return sql if len(sql) <= width else sql[: width - 3] + "..."


def time_lines(results):
    """Where a first render's time goes, per page: SQL (each query) and the rest (Python)."""
    sizes = ordered_sizes(results)
    if not sizes:
        return []
    small_label, small = sizes[0]
    large_label, large = sizes[-1]
    lines = []
    for page, info in large["queries"].items():
        sql_ms = sum(info.get("query_ms", []))
        before_sql_ms = sum(small["queries"].get(page, {}).get("query_ms", []))
        lines.append(
            f"  {PAGE_LABELS[page]:17} {info.get('render_ms', 0):7.1f} ms ({ms(before_sql_ms)} ms SQL at {small_label}"
            f" -> {ms(sql_ms)} ms SQL at {large_label}; the rest, Python, {info.get('render_ms', 0) - sql_ms:.1f} ms)")
        for query_ms, sql in zip(info.get("query_ms", []), info.get("sql", []), strict=False):
            if query_ms >= 1.0:
                lines.append(f"      {query_ms:6.1f} ms  {short_sql(sql)}")
    return lines


def growth_table(results):
    sizes = ordered_sizes(results)
    if len(sizes) < 2:
        return "(one corpus size only: no growth figures)"
    (small_label, small), (large_label, large) = sizes[0], sizes[-1]
    headers = ["page", f"SQL {small_label}->{large_label}", "cache on: time x", "cache off: 16c req/s",
               "cache off: time x", "cache off: p50 1c x"]
    rows = []
    for page in ["home", "list", "article", "topic", "search", "form", "submit"]:
        p50_small = run_of(small, "uncached", page, 1)
        p50_large = run_of(large, "uncached", page, 1)
        p50_growth = p50_large["p50_ms"] / p50_small["p50_ms"] if p50_small and p50_large else None
        cached_growth = time_growth(small, large, "cached", page)
        rows.append([
            PAGE_LABELS[page],
            f"{small['queries'][page]['queries']} -> {large['queries'][page]['queries']}",
            ratio(cached_growth),
            f"{rps(rps_of(small, 'uncached', page, 16))} -> {rps(rps_of(large, 'uncached', page, 16))}"
            if page in (small.get("uncached") or {}) else "-",
            ratio(time_growth(small, large, "uncached", page)),
            ratio(p50_growth),
        ])
    return table(headers, rows)


def form_table(results):
    headers = ["corpus", "conn", "req/s", "p50 ms", "p99 ms", "303s", "rows stored", "in flight (stored)",
               "exactly once", "other CPU"]
    rows = []
    for label, entry in ordered_sizes(results):
        for connections in ("1", "16"):
            run = run_of(entry, "cached", "submit", connections)
            check = (entry.get("form_checks") or {}).get(connections)
            if not run or not check:
                continue
            rows.append([label, connections, rps(run["rps"]), ms(run["p50_ms"]), ms(run["p99_ms"]),
                         f"{check['answers_303']:,}", f"{check['rows_stored']:,}",
                         f"{check['in_flight_at_stop']} ({check['in_flight_stored']})",
                         "yes" if check["exactly_once"] else "NO", foreign(run)])
    return table(headers, rows)


def weight_table(results):
    sizes = ordered_sizes(results)
    largest = sizes[-1][1] if sizes else {}
    lighthouse = results.get("lighthouse") or {}
    headers = ["page", "HTML B", "(gzipped)", "first visit @2x", "requests", "@3x", "perf", "a11y", "best pr.", "seo"]
    rows = []
    for page in LIGHTHOUSE_PAGES:
        html = (largest.get("html") or {}).get(page, {})
        visit2, visit3 = first_visit(results, page, 2), first_visit(results, page, 3)
        scores = ((lighthouse.get("pages") or {}).get(page) or {}).get("scores") or {}
        rows.append([
            PAGE_LABELS[page], f"{html.get('bytes', 0):,}", f"{html.get('gzip_bytes', 0):,}",
            f"{visit2['total_bytes']:,} B" if visit2 else "-", visit2["requests"] if visit2 else "-",
            f"{visit3['total_bytes']:,} B" if visit3 else "-",
            *[scores.get(category, "-") for category in LIGHTHOUSE_CATEGORIES],
        ])
    return table(headers, rows)


def resource_lines(results, page="article", scale=2):
    visit = first_visit(results, page, scale)
    if not visit:
        return []
    lines = [f"  What the first visit to {PAGE_LABELS[page]} transferred (device scale {scale}):"]
    for resource in visit["resources"]:
        path = resource["url"].split("://", 1)[-1].split("/", 1)[-1]
        encoding = f", {resource['encoding']}" if resource["encoding"] else ""
        lines.append(f"    {resource['bytes']:>8,} B  {resource['type']:<10} /{path[:90]}{encoding}")
    return lines


def lighthouse_lines(results):
    lighthouse = results.get("lighthouse") or {}
    if "pages" not in lighthouse:
        reason = lighthouse.get("error") or f"skipped ({lighthouse.get('skipped', 'not run')})"
        return [f"  Lighthouse: {reason}"]
    lines = [f"  Lighthouse {lighthouse['version']} (mobile, simulated throttling), each score the median of "
             "the page's runs; audits that cost points in the run with the median performance score:"]
    for page, run in lighthouse["pages"].items():
        if "error" in run:
            lines.append(f"    {page}: error: {run['error']}")
            continue
        runs = run.get("runs") or [run["scores"]]
        lines.append(f"    {page:8} runs: " + "; ".join(
            "/".join(str(scores[category]) for category in scores) for scores in runs)
            + (f" ({run['errors']} failed trace(s) run again)" if run.get("errors") else ""))
        busy = run.get("machine_busy_before")
        if busy is not None and busy > FOREIGN_NOTE:
            lines.append(f"    {page:8} (the machine was {busy:.0%} busy with other work just before that run)")
        for category, audits in run["failing"].items():
            for audit in audits:
                value = f" ({audit['value']})" if audit["value"] else ""
                lines.append(f"    {page:8} {category:15} {audit['id']}: {audit['title']}{value}"
                             f" score {audit['score']}")
    if not any(audit for run in lighthouse["pages"].values() for audit in (run.get("failing") or {}).values()):
        lines.append("    no audit cost points in the median runs")
    return lines


def memory_lines(results):
    lines = []
    for label, entry in ordered_sizes(results):
        memory = entry.get("memory") or {}
        lines.append(
            f"  {label}: site worker {memory.get('site_peak_worker_kib', 0) / 1024:.1f} MiB"
            f" (page cache off: {memory.get('uncached_peak_worker_kib', 0) / 1024:.1f} MiB),"
            f" reference worker {memory.get('reference_peak_worker_kib', 0) / 1024:.1f} MiB")
    return lines


def generation_lines(results):
    lines = []
    for label, entry in ordered_sizes(results):
        generation = entry["generation"]
        lines.append(
            f"  {label}: {generation['articles_published']:,} published articles ({generation['articles_generated']:,}"
            f" generated), {generation['topic_links']:,} topic links, {generation['references']:,} references,"
            f" {generation['consultation_requests']:,} consultation requests; migrate {generation['migrate_seconds']}s,"
            f" load_content {generation['load_content_seconds']}s, generation {generation['wall_seconds']}s"
            f" (inserts {generation['seconds']['insert']}s,"
            f" search documents {generation['seconds']['search_documents']}s)")
    return lines


def render(results, chart_path=None):
    meta = results["meta"]
    out = []
    bar = "=" * 100
    out += [bar, "KAP site benchmark", bar,
            f"{meta['cores']} cores, Python {meta['python']}, {meta['wrk']}, gunicorn.conf.py with "
            f"{meta['gunicorn_workers']} sync workers, debug off, PostgreSQL; {meta['duration_seconds']}s per wrk run "
            f"on 127.0.0.1 (1 connection: 1 thread; 16 connections: 2 threads, form POST: 16 threads).",
            "SQL = queries per first render (in-process, page cache off); SQL hit = a page cache hit (0, or 1 for the "
            "shared version check, at most once a second per process).",
            "vs ref = throughput as a share of the framework-free reference app (same gunicorn settings, same page "
            "size as the article), measured in the same run.",
            "p50/p99 are wrk's, which corrects for coordinated omission: a stall (a worker restarting, say) also "
            "counts against the requests a steady stream of visitors would have sent during it.",
            f"other CPU = share of the machine's CPU that work other than this benchmark took during the run (* above "
            f"{FOREIGN_NOTE:.0%}: figures lowered by a shared machine; such a run was repeated once, except with "
            "--quick, and the cleaner kept); restarts = workers gunicorn replaced during the runs (max_requests "
            "recycling).", ""]
    busy = [sample for sample in meta.get("background_cpu", []) if sample["busy"] is not None]
    if busy:
        worst = max(busy, key=lambda sample: sample["busy"])
        out.append("Other work on the machine (CPU busy while our servers sat idle): "
                   + ", ".join(f"{sample['where']} {sample['busy']:.0%}" for sample in busy))
        if worst["busy"] > 0.15:
            out.append(f"WARNING: the machine was shared ({worst['busy']:.0%} busy before {worst['where']}): absolute "
                       "figures are low and noisy; ratios to the reference (same run) are the fairer reading.")
        out.append("")
    out += ["Corpora:", *generation_lines(results), ""]
    out += ["1. As deployed: page cache on (each page requested repeatedly, so after warm-up GETs are cache hits)",
            load_table(results, "cached", ["home", "list", "article", "topic", "search", "form", "submit"], True), ""]
    out += ["2. First render: page cache off (every request runs the view and its queries); render ms and SQL ms: "
            "one render in-process, without HTTP",
            load_table(results, "uncached", ["home", "list", "article", "topic", "search"], False), ""]
    out += ["3. Growth from the smallest to the largest corpus (time x = time per request there over here, "
            "i.e. 1/throughput at 16 connections)", growth_table(results), ""]
    out += ["4. Form submissions (each with a fresh signed form token and a CSRF pair; stored rows checked in the "
            "database)", form_table(results), ""]
    out += ["5. Page weight (largest corpus) and Lighthouse", weight_table(results), *resource_lines(results),
            *lighthouse_lines(results), ""]
    out += ["6. Peak memory (largest VmHWM of any gunicorn worker, sampled after every load run)",
            *memory_lines(results), ""]
    sizes = ordered_sizes(results)
    if sizes:
        out += [f"7. Where a first render's time goes at {sizes[-1][0]} articles (in-process, page cache off, median "
                "of 5 renders; queries of 1 ms or more listed)", *time_lines(results), ""]
    out += [bar, "Budgets", bar]
    for budget in results.get("budgets", []):
        out.append(f"{budget['status']:4}  {budget['name']}")
        out.append(f"      {budget['detail']}")
    failed = sum(1 for budget in results.get("budgets", []) if budget["status"] == "FAIL")
    passed = sum(1 for budget in results.get("budgets", []) if budget["status"] == "PASS")
    skipped = sum(1 for budget in results.get("budgets", []) if budget["status"] == "SKIP")
    out.append(f"Budgets: {passed} PASS, {failed} FAIL, {skipped} SKIP (--strict exits 1 on any FAIL)")
    out.append("Results: .cache/benchmark/results.json" + (f", chart: .cache/benchmark/{chart_path.name}"
                                                             if chart_path else "") +
               f"; total time {meta.get('total_seconds', 0):.0f}s")
    return "\n".join(out)
