"""Two versions of Briefing side by side: a git revision against the working tree.

    .venv/bin/python benchmarks/versus.py --base 162c65a --sizes 1000 10000

The same seeded briefs (benchmarks/corpus.py) are built by both, cold (empty cache,
a project folder of its own each time) and then warm, round after round, the order
of the two versions swapped every round: a busy machine slows both alike, and the
ratio of their medians holds when the seconds do not. The base revision is checked
out into a temporary git worktree and run from there (PYTHONPATH), with its own theme;
both are compiled to bytecode first (with PYTHONDONTWRITEBYTECODE set, the version whose
modules were never compiled would pay for it at every start).
Prints a Markdown table of medians and ratios (new / base).
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import copy_of, measure  # noqa: E402
from corpus import write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the git revision to compare the working tree with")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None, help="where the projects go (default: a temp folder)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="briefing-versus-"))
    base = workdir / "base-code"
    subprocess.run(["git", "worktree", "add", "--detach", str(base), args.base], cwd=ROOT, check=True,
                   capture_output=True)
    versions = {"base": base, "new": ROOT}
    for code in versions.values():  # both from bytecode, as build.py does (and not where none is written)
        compileall.compile_dir(code / "generator", quiet=1)
    rows = []
    try:
        for size in args.sizes:
            print(f"{size:,} briefs", flush=True)
            corpus = write_corpus(size, workdir / f"corpus-{size}")
            seconds: dict[tuple[str, str], list[float]] = {}
            for round_ in range(args.rounds):
                order = list(versions) if round_ % 2 == 0 else list(reversed(versions))
                for name in order:
                    project = copy_of(corpus, f"{name}-{round_}")
                    config = project / "mkdocs.yml"
                    config.write_text(config.read_text().replace(str(ROOT / "theme"), str(versions[name] / "theme")))
                    command = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())",
                               "build"]
                    env_path = str(versions[name])
                    for kind in ("cold", "warm"):
                        run = measure(f"{name}, {kind}", size, ["env", f"PYTHONPATH={env_path}", *command],
                                      project, project / "site")
                        seconds.setdefault((name, kind), []).append(run.seconds)
            for kind in ("cold", "warm"):
                old, new = (statistics.median(seconds[(name, kind)]) for name in ("base", "new"))
                rows.append(f"| {size:,} | {kind} | {old:.2f} s | {new:.2f} s | {new / old:.3f} |")
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, capture_output=True)
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nBase {args.base} against the working tree, medians of {args.rounds} rounds:\n")
    print("| briefs | build | base | new | new / base |\n|---:|---|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
