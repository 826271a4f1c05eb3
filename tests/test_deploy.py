"""The files in deploy/ start what the README says, with settings the bot reads."""

from __future__ import annotations

import http.server
import json
import os
import re
import shlex
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import settings
from bot.cli import _parser
from bot.content.library import REPOSITORY
from bot.understand.wordlist import cache_folder

DEPLOY = REPOSITORY / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
DOCKERFILE = DEPLOY / "Dockerfile"
CADDYFILE = DEPLOY / "Caddyfile"
UNIT = DEPLOY / "patient-journey-bot.service"
ENV_EXAMPLE = DEPLOY / ".env.example"

SECRETS = ("POSTGRES_PASSWORD", "TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET")
NOT_FOR_THE_BOT = {"POSTGRES_PASSWORD": "postgres", "SITE_ADDRESS": "proxy"}
"""deploy/.env.example's settings for other services, and the service each is for."""


def read_by_settings() -> set[str]:
    """Every environment variable bot/settings.py's load() reads."""
    source = Path(settings.__file__).read_text(encoding="utf-8")
    return set(re.findall(r"env\.get\(\"([A-Z_]+)\"", source))


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), f"{COMPOSE}: expected a mapping at the top"
    return loaded


def bot_services() -> dict[str, dict[str, Any]]:
    """The services built from deploy/Dockerfile: the bot replicas."""
    return {
        name: service
        for name, service in compose()["services"].items()
        if isinstance(service.get("build"), dict)
        and service["build"].get("dockerfile") == "deploy/Dockerfile"
    }


def example_settings() -> dict[str, str]:
    """NAME=value lines of deploy/.env.example."""
    found = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, equals, value = line.partition("=")
            assert equals, f"{ENV_EXAMPLE}: expected NAME=value (got {line!r})"
            found[name.strip()] = value.strip()
    return found


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def unit() -> dict[str, list[str]]:
    """Each `Key=value` of the systemd unit, by key (a key may repeat)."""
    found: dict[str, list[str]] = {}
    for line in UNIT.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def test_compose_runs_postgres_and_at_least_two_replicas_that_share_it() -> None:
    services = compose()["services"]
    postgres = [name for name, s in services.items() if s.get("image", "").startswith("postgres:")]
    assert len(postgres) == 1, f"{COMPOSE}: expected one postgres:… service (got {postgres})"
    database = services[postgres[0]]
    assert database.get("healthcheck") and database.get("volumes"), "postgres needs both"
    replicas = bot_services()
    assert len(replicas) >= 2, f"{COMPOSE}: expected 2 or more bot replicas (got {list(replicas)})"
    for name, service in replicas.items():
        environment = service["environment"]
        url = environment["DATABASE_URL"]
        assert url.startswith("postgresql://"), f"{name}: DATABASE_URL is {url!r}"
        assert url.rpartition("@")[2].startswith(f"{postgres[0]}:"), f"{name}: {url!r}"
        assert service["depends_on"][postgres[0]]["condition"] == "service_healthy", name
        assert environment["WEBHOOK_LISTEN"].startswith("0.0.0.0:"), (
            f"{name}: the proxy reaches the bot from another container"
        )


def test_the_proxy_balances_every_replica_on_its_health_check() -> None:
    caddyfile = CADDYFILE.read_text(encoding="utf-8")
    upstreams = re.search(r"reverse_proxy ([^{\n]+)\{(.*?)\}", caddyfile, re.DOTALL)
    assert upstreams, f"{CADDYFILE}: expected a reverse_proxy block"
    for name, service in bot_services().items():
        port = service["environment"]["WEBHOOK_LISTEN"].rpartition(":")[2]
        assert f"{name}:{port}" in upstreams.group(1).split(), (
            f"{CADDYFILE}: replica {name} gets no traffic; add {name}:{port} to reverse_proxy"
        )
    assert re.search(r"^\s*health_uri /healthz$", upstreams.group(2), re.MULTILINE)
    proxy = [s for s in compose()["services"].values() if "./Caddyfile" in str(s.get("volumes"))]
    assert len(proxy) == 1, f"{COMPOSE}: expected one service that mounts ./Caddyfile"


def test_every_setting_in_the_deploy_files_is_one_the_bot_reads() -> None:
    read = read_by_settings()
    assert {"DATABASE_URL", "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_LISTEN"} <= read
    for name, service in bot_services().items():
        unknown = set(service["environment"]) - read
        assert not unknown, f"{COMPOSE}: {name} sets {sorted(unknown)}, which the bot never reads"
    raw = COMPOSE.read_text(encoding="utf-8")
    for name in example_settings():
        if name in NOT_FOR_THE_BOT:
            assert f"${{{name}" in raw, f"{ENV_EXAMPLE}: {name} is used nowhere in {COMPOSE}"
        else:
            assert name in read, f"{ENV_EXAMPLE}: the bot never reads {name} (a misspelling?)"
    for name in unit().get("Environment", []):
        assert name.partition("=")[0] in read | {"PJB_CACHE"}, f"{UNIT}: {name}"


def test_no_secret_is_written_in_the_deploy_files() -> None:
    values = example_settings()
    for name in SECRETS:
        assert values.get(name) == "", f"{ENV_EXAMPLE}: {name} must be empty in the example"
    for service, settings_ in compose()["services"].items():
        for name, value in settings_.get("environment", {}).items():
            if name in SECRETS:
                assert value.startswith("${"), f"{COMPOSE}: {service}'s {name} is written in it"
    for name, service in bot_services().items():
        password = service["environment"]["DATABASE_URL"].rpartition("@")[0].split(":")[2]
        assert password.startswith("${POSTGRES_PASSWORD"), f"{COMPOSE}: {name}'s DATABASE_URL"


def test_the_image_runs_the_webhook_bot_as_a_user_with_its_content() -> None:
    instructions = dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    entrypoint = [json.loads(args) for op, args in instructions if op == "ENTRYPOINT"]
    command = [json.loads(args) for op, args in instructions if op == "CMD"]
    assert entrypoint == [["python", "bot.py"]]
    assert command == [["run", "--webhook"]]
    _parser().parse_args(command[0])  # exits 2 when bot.py has no such command or option
    copied = " ".join(args for op, args in instructions if op == "COPY")
    assert "flows/ flows/" in copied and "content/ content/" in copied
    users = [args for op, args in instructions if op == "USER"]
    assert users and users[-1] not in ("root", "0")
    installs = " ".join(args for op, args in instructions if op == "RUN")
    assert "pip install . " in installs and "[test]" not in installs
    every_replica = {s["command"] == command[0] for s in bot_services().values()}
    assert every_replica == {True}, f"{COMPOSE}: a replica does not run {command[0]}"


def test_the_cache_the_image_and_the_unit_set_is_the_one_the_bot_uses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    image = [args for op, args in dockerfile_instructions() if op == "ENV" and "PJB_CACHE=" in args]
    assert image, f"{DOCKERFILE}: sets no PJB_CACHE"
    for line in (image[0], *unit()["Environment"]):
        value = re.search(r"PJB_CACHE=(\S+)", line)
        if value:
            monkeypatch.setenv("PJB_CACHE", value.group(1))
            assert cache_folder() == Path(value.group(1))
    assert "PJB_CACHE=%C/" + unit()["CacheDirectory"][0] in unit()["Environment"]


class Health(http.server.BaseHTTPRequestHandler):
    """/healthz answering with the class's `status`."""

    status = 200

    def do_GET(self) -> None:
        body = b"ready" if self.status == 200 else b"not ready"
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[http.server.HTTPServer]:
    server = http.server.HTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("status", "healthy"), [(200, True), (503, False)])
def test_the_image_health_check_asks_healthz_on_the_listen_port(
    health_server: http.server.HTTPServer, status: int, healthy: bool
) -> None:
    check = next(args for op, args in dockerfile_instructions() if op == "HEALTHCHECK")
    command = json.loads(check.partition(" CMD ")[2])
    assert command[:2] == ["python", "-c"], f"{DOCKERFILE}: slim images have no curl"
    Health.status = status
    port = health_server.server_address[1]
    env = {**os.environ, "WEBHOOK_LISTEN": f"0.0.0.0:{port}"}
    done = subprocess.run([sys.executable, *command[1:]], env=env, capture_output=True, timeout=30)
    assert (done.returncode == 0) is healthy, done.stderr.decode()


def test_the_unit_runs_one_polling_bot_that_can_write_its_database() -> None:
    keys = unit()
    assert keys["User"][0] not in ("root", "0")
    start = shlex.split(keys["ExecStart"][0])
    working = Path(keys["WorkingDirectory"][0])
    assert start[:2] == [str(working / ".venv/bin/python"), "bot.py"]
    assert start[2:] == ["run"], "the unit is the long-polling setup"
    _parser().parse_args(start[2:])
    assert keys["ExecReload"] == ["/bin/kill -HUP $MAINPID"]
    assert keys["Restart"] == ["on-failure"]
    assert keys["ProtectSystem"] == ["strict"]
    database = working / settings.Settings().database_path
    writable = [Path(path) for line in keys["ReadWritePaths"] for path in line.split()]
    assert database.parent in writable, f"{UNIT}: {database} would be read-only"
    for key in ("PrivateTmp", "NoNewPrivileges"):
        assert keys[key] == ["yes"], key
    assert keys["UMask"] == ["0077"]
    assert keys["EnvironmentFile"]
