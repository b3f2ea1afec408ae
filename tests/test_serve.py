"""`briefing serve`: the editors' preview shows drafts, marked as such, and what they save."""

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
        # A save shows without a restart (the quick rebuild, told by file events).
        (tmp_path / "content/2024/03/draft.md").write_text(draft.replace("Harbour cranes", "Harbour gantries"))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "Harbour gantries stand still" not in page:
            time.sleep(0.2)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/2024/03/draft/") as response:
                page = response.read().decode()
        assert "Harbour gantries stand still" in page, "the edit never reached the preview"
    finally:
        server.terminate()
        server.wait(timeout=20)
