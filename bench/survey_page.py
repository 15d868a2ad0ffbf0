"""Survey page weight and load time, against a minimal page, in the system Chromium.

    .venv/bin/python bench/survey_page.py [--runs 5] [--record]

What is measured (JavaScript off, fresh browser context = empty cache every run):
- bytes transferred for everything the page loads: response headers + bodies as Chromium
  counts them (Playwright request sizes), HTML + CSS (+ anything else requested);
- time to the load event over an emulated slow mobile link (400 ms round trip, 400 kbit/s
  down, 200 kbit/s up: "slow 3G"), median of the runs.

Baseline, measured in the same run: the minimal page, i.e. the same questions as a bare
HTML form (fieldset, legend, radio, label; no stylesheet, no faces, no hidden fields),
served by a bare WSGI app. It is the floor: what the questions alone cost. There is no
network access here, so no hosted form builder is measured; their pages are not quoted.

--record rewrites the "Survey page" section of bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import os
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey import create_app  # noqa: E402
from survey.extensions import db  # noqa: E402
from survey.models import Channel, Unit  # noqa: E402
from survey.questionnaires import current, sync_builtin  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
           "uploadThroughput": 200_000 / 8}
BUDGET = 15 * 1024
CODE = "benchDesk01"
SECTION = "## Survey page"


def build_app(folder: str):
    app = create_app({"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
                      "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        sync_builtin(db.session)
        unit = Unit(code="SO-TNMT", name="Sở Tài nguyên và Môi trường",
                    kind="administrative", level="department")
        db.session.add(Channel(code=CODE, unit=unit, kind="desk", label="Quầy 3 - Đất đai",
                               questionnaire=current(db.session, "admin")))
        db.session.commit()
        items = [(item.key, item.type, item.text_vi) for item in current(db.session, "admin").items]
    return app, items


def minimal_page(items) -> bytes:
    """The same questions and answer words as a bare HTML form."""
    levels = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng",
              "Rất hài lòng", "Không ý kiến"]
    parts = ['<!doctype html><html lang="vi"><meta charset="utf-8"><link rel="icon" href="data:,">'
             '<meta name="viewport" content="width=device-width"><title>Khảo sát</title>'
             '<form method="post">']
    for key, kind, text in items:
        if kind == "text":
            parts.append(f'<label>{html.escape(text)}<textarea name="q_{key}"></textarea></label>')
            continue
        options = levels if kind == "rating" else ["0", "1", "2+"]
        parts.append(f"<fieldset><legend>{html.escape(text)}</legend>")
        parts += [f'<label><input type="radio" name="q_{key}" value="{n}">{word}</label>'
                  for n, word in enumerate(options)]
        parts.append("</fieldset>")
    parts.append("<button>Gửi đánh giá</button></form></html>")
    return "".join(parts).encode()


def serve(wsgi):
    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(browser, url: str, throttle: bool) -> tuple[int, float, list[str]]:
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    if throttle:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    started = time.perf_counter()
    page.goto(url, wait_until="load")
    elapsed = time.perf_counter() - started
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseHeadersSize"] + sizes["responseBodySize"]
    names = [request.url.rsplit("/", 1)[-1] or "/" for request in finished]
    context.close()
    return total, elapsed, names


def run(runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        app, items = build_app(folder)
        baseline = minimal_page(items)
        survey_server = serve(app)
        minimal_server = serve(lambda env, start: (
            start("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                             ("Content-Length", str(len(baseline)))]) and None) or [baseline])
        urls = {"survey": f"http://127.0.0.1:{survey_server.server_port}/s/{CODE}",
                "minimal": f"http://127.0.0.1:{minimal_server.server_port}/"}
        client = app.test_client()
        page_html = client.get(f"/s/{CODE}").data
        css = client.get("/static/css/survey.css").data
        result = {"runs": runs, "html_body": len(page_html), "css_body": len(css),
                  "gzip_html": len(gzip.compress(page_html, 6)),
                  "gzip_css": len(gzip.compress(css, 6)), "minimal_body": len(baseline)}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, url in urls.items():
                weights, times = [], []
                for _ in range(runs):
                    weight, _, names = measure(browser, url, throttle=False)
                    weights.append(weight)
                    times.append(measure(browser, url, throttle=True)[1])
                result[name] = {"bytes": statistics.median(weights),
                                "load_s": statistics.median(times), "requests": names}
            browser.close()
        survey_server.shutdown()
        minimal_server.shutdown()
    return result


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def report(result: dict) -> str:
    survey, minimal = result["survey"], result["minimal"]
    verdict = "met" if survey["bytes"] <= BUDGET else "MISSED"
    rows = "\n".join([
        f"| transferred, headers + bodies | {survey['bytes']:,.0f} B | "
        f"{minimal['bytes']:,.0f} B | {survey['bytes'] / minimal['bytes']:.2f} |",
        f"| requests | {len(survey['requests'])} ({', '.join(survey['requests'])}) | "
        f"{len(minimal['requests'])} | |",
        f"| load event over slow 3G (400 ms RTT, 400 kbit/s) | {survey['load_s']:.2f} s | "
        f"{minimal['load_s']:.2f} s | {survey['load_s'] / minimal['load_s']:.2f} |",
    ])
    today = dt.date.today().isoformat()
    machine = f"{cpu_model()}, {os.cpu_count()} cores, {platform.system()}, Python " \
              f"{platform.python_version()}, system Chromium"
    return f"""{SECTION}

Measured by `.venv/bin/python bench/survey_page.py --runs 5 --record` (Chromium, JavaScript
off, empty cache, 360 px phone viewport). Machine: {machine}.
Date: {today}. Median of {result["runs"]} runs.

| | survey page (`/s/<code>`) | minimal page (baseline) | ratio |
| --- | ---: | ---: | ---: |
{rows}

Budget: {BUDGET:,} B transferred in total:
**{verdict}** ({survey['bytes'] / BUDGET:.0%} of it). Bodies without compression:
HTML {result['html_body']:,} B, CSS {result['css_body']:,} B (the five faces are SVG data
URIs inside it); with gzip, as a proxy would send them: HTML {result['gzip_html']:,} B,
CSS {result['gzip_css']:,} B. Flask serves the stylesheet with an ETag, so a repeat visit
revalidates it instead of fetching it.

Baseline: the same eight questions as a bare HTML form, no stylesheet
({result['minimal_body']:,} B body), served by a bare WSGI app in the same run; it is the
floor, not a competitor. The survey page adds the faces, large targets, the consent block,
the language switch and four hidden fields (CSRF, form timestamp, idempotency key,
language). No hosted form builder was measured (no network here), so none is quoted.
"""


def record(text: str) -> None:
    readme = ROOT / "bench" / "README.md"
    current_text = readme.read_text() if readme.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"{re.escape(SECTION)}\n.*?(?=\n## |\Z)", re.S)
    if pattern.search(current_text):
        updated = pattern.sub(lambda _: text.rstrip("\n") + "\n", current_text)
    else:
        updated = current_text.rstrip("\n") + "\n\n" + text
    readme.write_text(updated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--record", action="store_true", help="update bench/README.md")
    options = parser.parse_args()
    result = run(options.runs)
    text = report(result)
    print(text)
    if options.record:
        record(text)
    sys.exit(0 if result["survey"]["bytes"] <= BUDGET else 1)


if __name__ == "__main__":
    main()
