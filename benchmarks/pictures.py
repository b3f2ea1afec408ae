"""The picture pipeline's cost, side by side: the same briefs with and without it.

    .venv/bin/python benchmarks/pictures.py                 # 1,000 briefs, 1,000 photographs
    .venv/bin/python benchmarks/pictures.py --briefs 200 --rounds 1

Every brief has a photograph of its own (corpus.py --distinct-pictures: 2400x1600, JPEG
q85, 0.7-1 MB each). Two copies of the project are built, one with `pictures: false`:
cold (empty cache) one after the other, then warm (nothing changed) in turns, `rounds`
times each, the medians reported. Encoding is what the cold builds differ by, per
picture on this many cores; CPU seconds are the whole process tree's. Prints a
Markdown table and writes it to benchmarks/results/pictures.md. Bytes per page view:
benchmarks/pageweight.py on the built site (`--site` of the copy with pictures).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import BIN, copy_of, measure, settle  # noqa: E402
from corpus import write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "pictures.md"


def cpu_seconds() -> float:
    """CPU time of this process's finished children so far (builds and their workers)."""
    times = os.times()
    return times.children_user + times.children_system


def build(project: Path, label: str, count: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one build."""
    before = cpu_seconds()
    run = measure(label, count, [str(BIN / "briefing"), "build"], project, project / "site")
    return run.seconds, cpu_seconds() - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--briefs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--warm-only", action="store_true", help="again, in a --workdir built before")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-pictures-"))
    if args.warm_only:
        projects = {name: work / f"project-{name}" for name in ("with", "without")}
        warm = warm_builds(projects, args.briefs, args.rounds)
        print(report_warm(warm))
        return
    base = write_corpus(args.briefs, work / "project", distinct_pictures=True)
    shutil.copytree(ROOT / "theme", base / "theme", dirs_exist_ok=True)
    config = base / "mkdocs.yml"
    config.write_text(re.sub(r"custom_dir: .*", "custom_dir: theme", config.read_text()))
    projects = {}
    for name, enabled in (("with", True), ("without", False)):
        project = copy_of(base, name)
        shutil.copytree(base / "theme", project / "theme")
        text = (project / "mkdocs.yml").read_text()
        setting = f"  - briefing:\n      pictures: {str(enabled).lower()}\n"
        (project / "mkdocs.yml").write_text(text.replace("  - briefing:\n", setting, 1))
        projects[name] = project
    cores = len(os.sched_getaffinity(0))
    print(f"{args.briefs:,} briefs, each with a photograph of its own; {cores} cores", flush=True)
    settle()
    cold = {name: build(project, f"cold, pictures {name}", args.briefs) for name, project in projects.items()}
    settle()
    warm = warm_builds(projects, args.briefs, args.rounds)
    table = report(args.briefs, cores, cold, warm, projects["with"])
    print(table)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(table)


def warm_builds(projects: dict[str, Path], count: int, rounds: int) -> dict[str, list[float]]:
    """Wall seconds of warm builds of each project in turns. The first of each is not
    counted: the build after a cold one has no replaced site yet to write over."""
    for name, project in projects.items():
        build(project, f"warm, pictures {name} (not counted)", count)
    warm: dict[str, list[float]] = {name: [] for name in projects}
    for _ in range(rounds):
        for name, project in projects.items():
            warm[name].append(build(project, f"warm, pictures {name}", count)[0])
    return warm


def report_warm(warm: dict) -> str:
    with_, without = statistics.median(warm["with"]), statistics.median(warm["without"])
    return (f"| warm build, pictures made (median of {len(warm['with'])}) | {with_:.2f} s |\n"
            f"| warm build, pictures as they are (median of {len(warm['without'])}) | {without:.2f} s |\n"
            f"| warm, with / without | {with_ / without:.3f} |\n")


def report(count: int, cores: int, cold: dict, warm: dict, with_pictures: Path) -> str:
    (with_wall, with_cpu), (without_wall, without_cpu) = cold["with"], cold["without"]
    encode_wall, encode_cpu = with_wall - without_wall, with_cpu - without_cpu
    files = sum(1 for _ in (with_pictures / "site/assets/pictures").glob("*/*"))
    size = sum(p.stat().st_size for p in (with_pictures / "site/assets/pictures").glob("*/*"))
    rows = [
        ("cold build, pictures made (empty cache)", f"{with_wall:.1f} s wall, {with_cpu:.0f} s CPU"),
        ("cold build, pictures as they are", f"{without_wall:.1f} s wall, {without_cpu:.0f} s CPU"),
        (f"encoding, per picture ({cores} cores)",
         f"{encode_wall / count:.2f} s wall, {encode_cpu / count:.2f} s CPU"),
        ("cold build per 1,000 distinct pictures", f"{with_wall * 1000 / count / 60:.1f} min"),
        ("files made", f"{files:,}, {size / 2**20:,.0f} MiB ({size / count / 1024:.0f} KiB a picture)"),
    ]
    return ("| measured | figure |\n|---|---|\n" + "".join(f"| {a} | {b} |\n" for a, b in rows)
            + report_warm(warm))


if __name__ == "__main__":
    main()
