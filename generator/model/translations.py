"""Briefs in the site's languages, and briefs that translate one another.

A translation names its original: `translation_of: 2024/07/assad-putin-moscow.md`. The
original names nothing, so adding a version under deadline touches one file, and a
link cannot be one-sided: every version of a story is the original and the briefs that
name it. Rules between briefs, checked with all of them (corpus.clashes' kind).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from generator.model.brief import Brief
from generator.model.languages import match
from generator.model.problems import Problem


def language_rule(codes: list[str], default: str) -> Callable[[Brief], str | None]:
    """Which of the site's languages a brief is in: its `lang` matched to `codes` (a site that
    names no languages takes every brief into its one); None for a language it lacks."""
    if len(codes) == 1:
        return lambda brief: codes[0]
    return lambda brief: match(brief.lang or default, codes)


def check(content_dir: Path, briefs: list[Brief], sources: set[str], codes: list[str],
          language_of: Callable[[Brief], str | None]) -> list[Problem]:
    """A brief in a language of the site; a translation of a brief that exists, is an
    original and is in another language; one version of a story per language."""
    problems = []
    by_source = {brief.source: brief for brief in briefs}

    def problem(brief: Brief, field: str, message: str) -> None:
        problems.append(Problem(str(content_dir / brief.source), brief.lines.get(field, 1), field, message))

    versions: dict[tuple[str, str], Brief] = {}
    # A site of several languages has one version of a story in each; a site of one, in
    # each `lang` of its briefs (an Arabic brief translating an English one).
    version = language_of if len(codes) > 1 else lambda b: b.lang or codes[0]
    for brief in briefs:
        if language_of(brief) is None:
            problem(brief, "lang", f"not a language of this site (expected one of {', '.join(codes)}, "
                                   f"as plugins.briefing.languages in mkdocs.yml names them, "
                                   f"found {brief.lang!r})")
            continue
        language = version(brief)
        target = brief.translation_of
        original = by_source.get(target) if target else brief
        if original is None:
            if target not in sources:  # else it has problems of its own, reported with them
                problem(brief, "translation_of", f"no such brief (expected the file of a brief in content/, "
                                                 f"found {target!r})")
            continue
        if original.translation_of:
            problem(brief, "translation_of", f"names a translation (expected the original brief, found "
                                             f"{target!r}, which translates {original.translation_of!r})")
            continue
        if original is not brief and version(original) == language:
            problem(brief, "translation_of", f"in the language of the brief it translates (expected a "
                                             f"version in another language than {language!r}, found "
                                             f"content/{target} in {language!r} too)")
            continue
        first = versions.setdefault((original.source, language), brief)
        if first is not brief:
            problem(brief, "translation_of" if target else "lang",
                    f"a second version in {language!r} of one story (expected one brief per language, "
                    f"found content/{first.source} in {language!r} too, of content/{original.source})")
    return problems


def stories(briefs: Iterable[Brief]) -> dict[str, tuple[Brief, ...]]:
    """Each published brief's versions, itself among them, for those that have others: an
    original and the translations published with it. A translation of an unpublished brief
    (a draft, a later one) has only its published fellows."""
    groups: dict[str, list[Brief]] = {}
    for brief in briefs:
        groups.setdefault(brief.translation_of or brief.source, []).append(brief)
    return {brief.source: tuple(group) for group in groups.values() if len(group) > 1 for brief in group}
