"""Speed and memory benchmark of the site as production runs it (`make bench`).

What it does, in order (see runner.py):

1. Builds one PostgreSQL database per corpus size (kap_bench_1k, kap_bench_10k by default):
   migrate, the real content from content/, then thousands of generated articles, topics,
   references and consultation requests, made with bulk inserts (corpus.py).
2. Counts the SQL queries each page costs, in-process with the page cache off (app_tasks.py).
3. Serves the site with gunicorn and gunicorn.conf.py, debug off, and loads it with wrk from a
   second process on 127.0.0.1 (servers.py, load.py): once as deployed (page cache on) and once
   with the page cache off (first-render cost). A framework-free WSGI app of the same page size
   (reference_app.py) is measured with the same gunicorn settings in the same run, so figures can
   be read as a share of what this machine can do at all.
4. Measures page weight in Chromium (browser.py) and runs Lighthouse (lighthouse.py).
5. Prints tables and budgets, and writes .cache/benchmark/results.json and results.png.

Run it with `make bench` or `.venv/bin/python -m bench --help`.
"""
