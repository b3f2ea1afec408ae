"""Briefing's code is in every page's fingerprint, every subpackage of it: after an
upgrade that changed only a module inside one, no page rendered by the older code
may be reused (tests/test_cache.py shows the pages rendered again, end to end)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

MODULES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "generator").rglob("*.py")
                 if p.name != "__init__.py")
# One module of each folder of generator/: the top level and each subpackage.
ONE_A_FOLDER = sorted({Path(m).parent.as_posix(): m for m in MODULES}.values())


def code_fingerprint(code: Path) -> str:
    ran = subprocess.run(
        [sys.executable, "-c", "from generator.engine.hashing import of_code; print(of_code())"],
        cwd=code, env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True, check=True,
    )
    return ran.stdout.strip()


@pytest.fixture(scope="module")
def as_released(tmp_path_factory) -> tuple[Path, str]:
    code = tmp_path_factory.mktemp("code")
    shutil.copytree(ROOT / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    return code, code_fingerprint(code)


@pytest.mark.parametrize("module", ONE_A_FOLDER)
def test_a_change_to_any_module_changes_the_code_fingerprint(as_released, tmp_path, module):
    released, fingerprint = as_released
    code = tmp_path / "upgraded"
    shutil.copytree(released, code)
    with open(code / module, "a", encoding="utf-8") as changed:
        changed.write("\n# another release\n")
    assert code_fingerprint(code) != fingerprint


def test_every_folder_of_generator_is_covered():
    folders = {Path(m).parent.name for m in ONE_A_FOLDER}
    assert {"generator", "model", "outputs", "engine", "search", "importing"} <= folders


def test_a_setting_that_holds_a_function_is_shown_alike_in_every_process():
    """mkdocs.yml's `slugify: !!python/object/apply:pymdownx.slugs.slugify` makes a new function
    in every run: its address must not reach the pages' fingerprints, or no build reuses any."""
    import subprocess
    import sys

    program = ("from pymdownx.slugs import slugify; from generator.engine.hashing import shown; "
               "print(shown({'toc': {'slugify': slugify(case='lower')}}))")
    runs = {subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
            for _ in range(2)}
    assert len(runs) == 1 and "0x" not in runs.pop()
