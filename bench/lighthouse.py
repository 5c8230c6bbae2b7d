"""Lighthouse 12 (Node 20 runs 12; 13 needs Node 22), installed on demand from the npm registry
into .cache/lighthouse, run against Debian's Chromium with Lighthouse's default mobile settings."""

import json
import shutil
import subprocess
from pathlib import Path

from .browser import CHROMIUM
from .common import BASE_DIR, free_port, log

INSTALL_DIR = BASE_DIR / ".cache" / "lighthouse"
CLI = INSTALL_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


def installed_version():
    package = INSTALL_DIR / "node_modules" / "lighthouse" / "package.json"
    if not package.exists():
        return None
    return json.loads(package.read_text()).get("version")


def ensure_installed():
    """Return (True, version) or (False, why not)."""
    version = installed_version()
    if version and version.startswith("12."):
        return True, version
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        return False, "node and npm are not installed"
    log("installing lighthouse@12 with npm into .cache/lighthouse (once)")
    INSTALL_DIR.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run(  # noqa: S603 (fixed command)
            [npm, "install", "--prefix", str(INSTALL_DIR), "--no-audit", "--no-fund", "--loglevel=error",
             "lighthouse@12"],
            capture_output=True, text=True, timeout=600, check=False,
        )
    except subprocess.TimeoutExpired:
        return False, "npm install lighthouse@12 timed out after 600 s"
    version = installed_version()
    if result.returncode != 0 or not version:
        return False, f"npm install lighthouse@12 failed ({result.returncode}): {result.stderr.strip()[-500:]}"
    return True, version


def failing_audits(report, category):
    """Audits that cost points in a category: (id, title, score, shown value)."""
    failing = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"].get(ref["id"], {})
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            failing.append({"id": ref["id"], "title": audit.get("title", ""), "score": audit["score"],
                            "value": audit.get("displayValue", "")})
    return failing


def run_lighthouse(url, scratch_dir, name):
    """Scores (0-100) for the four categories, with the audits that lost points."""
    scratch = Path(scratch_dir)
    home, tmp = scratch / "home", scratch / "tmp"
    home.mkdir(parents=True, exist_ok=True)
    tmp.mkdir(parents=True, exist_ok=True)
    output = scratch / f"lighthouse-{name}.json"
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "TMPDIR": str(tmp), "CHROME_PATH": CHROMIUM}
    command = [
        shutil.which("node") or "node", str(CLI), url, "--output=json", f"--output-path={output}",
        f"--port={free_port()}", f"--chrome-flags={CHROME_FLAGS}", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    result = subprocess.run(  # noqa: S603 (fixed command, loopback URL)
        command, env=env, capture_output=True, text=True, timeout=180, check=False,
    )
    if result.returncode != 0 or not output.exists():
        return {"error": f"lighthouse exited {result.returncode}: {result.stderr.strip()[-800:]}"}
    report = json.loads(output.read_text())
    if report.get("runtimeError"):
        return {"error": report["runtimeError"].get("message", "runtime error")}
    return {
        "scores": {c: round(report["categories"][c]["score"] * 100) if report["categories"][c]["score"] is not None
                   else None for c in CATEGORIES},
        "failing": {c: failing_audits(report, c) for c in CATEGORIES},
        "warnings": report.get("runWarnings", []),
        "report": str(output),
    }
