"""What a first visit transfers: Debian's Chromium, driven by Playwright, on a phone-sized screen.

Each page is opened in a fresh browser context (empty cache, no cookies). Chromium's own
network log (CDP Network.loadingFinished encodedDataLength) gives the bytes each response took
on the wire: headers plus the body as sent, compressed where the server compressed it. The page
counts as loaded at the load event plus network idle; images the page lazy-loads below the
fold are not fetched, as for a visitor who does not scroll.
"""

import os

CHROMIUM = os.environ.get("KAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
PHONE_VIEWPORT = {"width": 390, "height": 844}


def _visit(browser, url, device_scale_factor):
    context = browser.new_context(viewport=PHONE_VIEWPORT, device_scale_factor=device_scale_factor,
                                  is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        responses, finished, failed = {}, {}, []

        def on_response(event):
            response = event["response"]
            responses[event["requestId"]] = {
                "url": response["url"], "type": event.get("type", ""), "status": response["status"],
                "encoding": {k.lower(): v for k, v in response.get("headers", {}).items()}.get("content-encoding", ""),
                "header_bytes": response.get("encodedDataLength", 0),
            }

        cdp.on("Network.responseReceived", on_response)
        cdp.on("Network.loadingFinished", lambda event: finished.__setitem__(event["requestId"],
                                                                              event["encodedDataLength"]))
        cdp.on("Network.loadingFailed", lambda event: failed.append(event.get("errorText", "")))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        page.goto(url, wait_until="load", timeout=30000)
        page.wait_for_load_state("networkidle", timeout=30000)
        resources = []
        for request_id, total in finished.items():
            info = responses.get(request_id, {"url": "?", "type": "?", "status": 0, "encoding": "", "header_bytes": 0})
            resources.append({**info, "bytes": total})
        by_type = {}
        for resource in resources:
            by_type[resource["type"]] = by_type.get(resource["type"], 0) + resource["bytes"]
        return {
            "url": url,
            "device_scale_factor": device_scale_factor,
            "total_bytes": sum(r["bytes"] for r in resources),
            "requests": len(resources),
            "by_type": by_type,
            "failed": failed,
            "resources": sorted(resources, key=lambda r: -r["bytes"]),
        }
    finally:
        context.close()


def first_visit_weights(pages, device_scale_factors=(2,)):
    """{page name: {scale factor: visit}} for each (name, url)."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, url in pages:
                results[name] = {str(scale): _visit(browser, url, scale) for scale in device_scale_factors}
        finally:
            browser.close()
    return results
