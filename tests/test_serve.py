"""`briefing serve`: the editors' preview shows drafts, marked as such."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import GOOD_BRIEF, make_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_preview_builds_drafts_with_a_banner(tmp_path):
    draft = GOOD_BRIEF.replace("topics: [Economy]\n", "topics: [Economy]\ndraft: true\n")
    make_project(tmp_path, {"2024/03/draft.md": draft})
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline, page = time.monotonic() + 60, None
        while time.monotonic() < deadline and page is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/2024/03/draft/") as response:
                    page = response.read().decode()
            except OSError:
                time.sleep(0.3)
        assert page is not None, "the preview server did not answer"
        assert 'class="brief-draft"' in page and "Harbour cranes stand still" in page
    finally:
        server.terminate()
        server.wait(timeout=20)
