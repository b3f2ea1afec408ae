"""Shared helpers: throwaway sites built with the real `briefing` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

GOOD_BRIEF = """\
---
title: Harbour cranes stand still
date: 2024-03-04T08:00:00+01:00
lead: Dock workers stopped work for a day over shift rules.
authors: [ab]
agencies: [AP]
topics: [Economy]
---

## What happened

The port was quiet.
"""


# A 1x1 transparent PNG: an image file for briefs (and far under 1200 px wide).
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def make_project(root: Path, briefs: dict[str, str | bytes], **config: str) -> Path:
    """A site folder using the repository's theme: mkdocs.yml plus content/<path> files."""
    settings = {"site_url": "https://news.example.org/", **config}
    write(
        root / "mkdocs.yml",
        "\n".join(f"{key}: {value}" for key, value in settings.items())
        + f"""
site_name: Test briefing
docs_dir: content
theme:
  name: material
  custom_dir: {ROOT / 'theme'}
  font: false
  features: [navigation.tabs]
plugins:
  - briefing:
      timezone: Europe/Berlin
""",
    )
    (root / "content").mkdir(parents=True, exist_ok=True)
    for source, text in briefs.items():
        write(root / "content" / source, text)
    return root


def briefing(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess:
    """Run the real `briefing` command line in a site folder."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's sample content, built once with `briefing build`."""
    out = tmp_path_factory.mktemp("sample") / "site"
    result = briefing("build", "--site-dir", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return out


# --- a real browser on the built sample site ----------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from browser import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def base_url(sample_site):
    from browser import serve_folder

    with serve_folder(sample_site) as url:
        yield url


@pytest.fixture
def tab(browser):
    """A fresh desktop-sized tab; waits give up after 10 s instead of Playwright's 30."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
