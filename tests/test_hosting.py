"""The hosting recipes in the README: GitHub Pages (workflow and gh-deploy), Netlify,
and scheduled rebuilds that publish future-dated briefs once their time comes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from conftest import GOOD_BRIEF, ROOT, briefing, make_project

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def sample_copy(tmp_path: Path) -> Path:
    """The repository's site (content, theme, mkdocs.yml) in a folder of its own."""
    project = tmp_path / "newsroom"
    for part in ("content", "theme"):
        shutil.copytree(ROOT / part, project / part)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def test_the_github_pages_workflow_builds_for_the_pages_address(tmp_path):
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert triggers["schedule"][0]["cron"]  # future-dated briefs appear without a push
    steps = workflow["jobs"]["build"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install")["run"]
    build = next(s for s in steps if s.get("name") == "Build")["run"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert install == "make install" and upload["with"]["path"] == "site"
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in workflow["jobs"]["deploy"]["steps"])

    # Run the workflow's build step as the runner would, for a project page's address.
    project = sample_copy(tmp_path)
    (project / ".venv").symlink_to(Path(sys.executable).parent.parent)
    env = {**os.environ, "BASE_URL": "https://newsroom.github.io/briefs"}
    result = subprocess.run(["bash", "-e", "-c", build], cwd=project, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    brief = (project / "site" / "2024/07/assad-putin-moscow/index.html").read_text()
    assert '<link rel="canonical" href="https://newsroom.github.io/briefs/2024/07/assad-putin-moscow/">' in brief
    assert "https://newsroom.github.io/briefs/2024/07/assad-putin-moscow/" in (project / "site/sitemap.xml").read_text()


def test_mkdocs_gh_deploy_pushes_the_whole_site_to_gh_pages(tmp_path):
    project = sample_copy(tmp_path)
    remote = tmp_path / "remote.git"

    def git(*args, cwd=project):
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout

    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    git("init", "-q", "-b", "main")
    git("remote", "add", "origin", str(remote))
    git("-c", "user.name=Desk", "-c", "user.email=desk@example.org", "add", "-A")
    git("-c", "user.name=Desk", "-c", "user.email=desk@example.org", "commit", "-qm", "briefs")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run([str(mkdocs), "gh-deploy", "--force", "--no-history"], cwd=project,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "GIT_AUTHOR_NAME": "Desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
                                 "GIT_COMMITTER_NAME": "Desk", "GIT_COMMITTER_EMAIL": "desk@example.org"})
    assert result.returncode == 0, result.stderr
    published = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).splitlines())
    for path in (".nojekyll", "index.html", "2024/07/assad-putin-moscow/index.html", "p/4ii5H/index.html",
                 "_redirects", "sitemap.xml", "feed.xml", "pagefind/pagefind.js", "corrections/index.html"):
        assert path in published, path


def test_netlify_builds_with_the_readme_command_and_publishes_site():
    netlify = tomllib.loads((ROOT / "netlify.toml").read_text())
    assert (netlify["build"]["command"], netlify["build"]["publish"]) == ("make build", "site")
    assert "make build" in (ROOT / "README.md").read_text()  # the command users and CI run


def test_a_scheduled_rebuild_publishes_a_brief_once_its_time_has_come(tmp_path):
    soon = (datetime.now(timezone.utc) + timedelta(seconds=6)).replace(microsecond=0)
    brief = GOOD_BRIEF.replace("date: 2024-03-04T08:00:00+01:00", f"date: {soon.isoformat()}")
    folder = f"{soon:%Y/%m}"
    project = make_project(tmp_path / "site", {f"{folder}/embargoed.md": brief})
    first = briefing("build", cwd=project)
    assert first.returncode == 0, first.stderr
    page = project / "site" / folder / "embargoed" / "index.html"
    assert not page.exists()
    assert "Harbour cranes" not in (project / "site" / "feed.xml").read_text()
    time.sleep(max(0.0, (soon - datetime.now(timezone.utc)).total_seconds()) + 1)
    second = briefing("build", cwd=project)  # the same command a schedule runs, with its cache
    assert second.returncode == 0, second.stderr
    assert page.exists()
    assert "Harbour cranes" in (project / "site" / "feed.xml").read_text()
    assert f"{folder}/embargoed/" in (project / "site" / "index.html").read_text()
