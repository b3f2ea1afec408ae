"""Pagefind's parts that Briefing uses: its binary (found without its Python client), the
script and WebAssembly that binary writes for a language, and the error a failed index is."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
from pathlib import Path


class SearchIndexError(Exception):
    pass


def pagefind_binary() -> Path | None:
    """Pagefind's binary, as the pagefind package finds it (PAGEFIND_BINARY_PATH first), without
    importing its client, which loads asyncio."""
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return Path(os.environ["PAGEFIND_BINARY_PATH"])
    # The standard binary first: its script and WebAssembly are the extended one's, byte for
    # byte, and it starts faster (10 MB, not 59); Briefing does its own segmenting.
    for package in ("pagefind_bin", "pagefind_bin_extended"):
        try:
            return importlib.import_module(package).get_executable()
        except (ImportError, FileNotFoundError):
            continue
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found else None


def runtime(folder: Path, language: str) -> Path:
    """Pagefind's script and WebAssembly for `language`, from its binary's run over one page."""
    binary = pagefind_binary()
    if binary is None:
        raise SearchIndexError("the Pagefind binary is missing (pip install 'pagefind[bin]')")
    page = folder / "site" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f'<html lang="{language}"><body><p data-pagefind-body>Briefing</p></body></html>',
                    encoding="utf-8")
    bundle = folder / "bundle"
    ran = subprocess.run(
        [str(binary), "--site", str(page.parent), "--output-path", str(bundle),
         "--force-language", language.split("-")[0], "--silent"],
        capture_output=True, text=True,
    )
    if ran.returncode != 0:
        last = (ran.stdout + ran.stderr).strip().splitlines()[-1:] or [f"exit status {ran.returncode}"]
        raise SearchIndexError(f"Pagefind failed: {last[0]}")
    return bundle
