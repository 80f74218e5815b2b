"""The GitHub Actions workflows: valid against the published workflow schema (offline, with the
schema vendored by check-jsonschema), and with the triggers, permissions, concurrency, caching,
summary and deploy steps the project relies on."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
DEPLOY_PATHS = {"datapackages/**", "docs/**", "mkdocs.yml", "gongkai/**", "overrides/**",
                "pyproject.toml", "requirements.lock"}


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]


def runs(job: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


def offline_env() -> dict:
    """No network: any attempt to fetch a schema goes to a closed port."""
    env = dict(os.environ)
    for k in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        env[k] = "http://127.0.0.1:9"
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    return env


def check_schema(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows",
                           *map(str, paths)], capture_output=True, text=True, timeout=120,
                          env=offline_env())


def test_workflows_exist():
    names = {p.name for p in FILES}
    assert {"ci.yml", "deploy.yml"} <= names, names


def test_every_workflow_is_valid_against_the_github_workflow_schema():
    r = check_schema(*FILES)
    assert r.returncode == 0, r.stdout + r.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path):
    """The schema check has teeth: a job without runs-on and a bad permission value fail."""
    bad = tmp_path / "bad.yml"
    data = load("deploy.yml")
    del data["jobs"]["build"]["runs-on"]
    data["jobs"]["deploy"]["permissions"]["pages"] = "writable"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = check_schema(bad)
    assert r.returncode != 0, r.stdout


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_actions_pinned_and_least_privilege(path):
    wf = load(path.name)
    assert wf.get("permissions") == {"contents": "read"}, "default permissions: contents: read"
    for job_id, job in wf["jobs"].items():
        assert str(job.get("runs-on", "")).startswith("ubuntu"), job_id
        for s in steps(job):
            if "uses" in s:
                ref = s["uses"].partition("@")[2]
                assert re.fullmatch(r"v\d+|[0-9a-f]{40}", ref), \
                    f"{path.name}/{job_id}: {s['uses']} is not pinned to a major tag or a SHA"
        # write access only where a job needs it, and never to contents
        perms = job.get("permissions", {})
        assert perms.get("contents", "read") == "read", job_id
        assert set(perms) <= {"pages", "id-token", "contents"}, job_id


def _python_setup_ok(job: dict) -> None:
    (setup,) = uses(job, "actions/setup-python")
    w = setup["with"]
    assert str(w["python-version"]).startswith("3.11")
    assert w["cache"] == "pip"
    deps = set(str(w["cache-dependency-path"]).split())
    assert {"requirements.lock", "pyproject.toml"} <= deps


def test_ci_workflow():
    wf = load("ci.yml")
    on = wf["on"]
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    assert wf["concurrency"]["group"] and wf["concurrency"]["cancel-in-progress"] is True
    (job,) = wf["jobs"].values()
    _python_setup_ok(job)
    (checkout,) = uses(job, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0, "the data diff needs the base branch's history"
    text = runs(job)
    assert "make test" in text and "make site" in text
    order = [s.get("run", "") for s in steps(job)]
    assert next(i for i, r in enumerate(order) if "make test" in r) < \
        next(i for i, r in enumerate(order) if "make site" in r)
    artifacts = {s["with"]["path"].rstrip("/") for s in uses(job, "actions/upload-artifact")}
    assert {"site", "tests/artifacts"} <= artifacts
    for s in uses(job, "actions/upload-artifact"):
        assert s.get("if") == "always()", "keep artifacts of failed runs too"
    summary = next(s for s in steps(job) if "GITHUB_STEP_SUMMARY" in s.get("run", ""))
    assert summary["if"] == "github.event_name == 'pull_request'"
    assert re.search(r"gongkai diff --git \S+ --format markdown >> \"\$GITHUB_STEP_SUMMARY\"",
                     summary["run"])
    assert "gongkai validate" in summary["run"]


def test_deploy_workflow():
    wf = load("deploy.yml")
    on = wf["on"]
    assert on["push"]["branches"] == ["main"]
    assert DEPLOY_PATHS <= set(on["push"]["paths"])
    assert "workflow_dispatch" in on
    assert wf["concurrency"]["group"] and wf["concurrency"]["cancel-in-progress"] is False
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    _python_setup_ok(build)
    assert "make site" in runs(build)
    (upload,) = uses(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    (step,) = uses(deploy, "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


def test_workflows_call_only_what_exists():
    """Every `make X` a workflow runs is a Makefile target; every gongkai subcommand exists."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", makefile, re.M))
    from gongkai.cli import app
    from typer.main import get_command

    commands = set(get_command(app).commands)
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for t in re.findall(r"\bmake ([\w-]+)", text):
            assert t in targets, f"{path.name}: make {t}: no such target"
        for c in re.findall(r"gongkai ([a-z][\w-]*)", text):
            assert c in commands, f"{path.name}: gongkai {c}: no such command"
