"""Which briefs a build publishes: drafts only in preview, a dated brief once its time comes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from generator.model.publishing import select

from inmemory import ZONE, make_brief

NOW = datetime(2024, 7, 25, 12, 0, tzinfo=ZONE)


def slugs(briefs) -> list[str]:
    return [b.slug for b in briefs]


def test_a_draft_is_left_out_of_a_build_and_shown_in_preview():
    briefs = [make_brief("ready", "2024-07-24"), make_brief("unfinished", "2024-07-24", draft=True)]
    build = select(briefs, NOW, ZONE, drafts=False, future=False)
    assert slugs(build.published) == ["ready"] and slugs(build.drafts) == ["unfinished"]
    preview = select(briefs, NOW, ZONE, drafts=True, future=False)
    assert slugs(preview.published) == ["ready", "unfinished"] and preview.drafts == []


def test_a_brief_dated_later_waits_and_appears_once_its_time_comes():
    due = NOW + timedelta(hours=2)
    briefs = [make_brief("now", NOW), make_brief("later", due)]
    before = select(briefs, due - timedelta(seconds=1), ZONE, drafts=False, future=False)
    assert slugs(before.published) == ["now"] and slugs(before.scheduled) == ["later"]
    at_its_time = select(briefs, due, ZONE, drafts=False, future=False)
    assert slugs(at_its_time.published) == ["now", "later"] and at_its_time.scheduled == []


def test_future_publishes_every_brief_dated_later():
    briefs = [make_brief("next-year", "2025-01-01T00:00:00+00:00")]
    assert slugs(select(briefs, NOW, ZONE, drafts=False, future=True).published) == ["next-year"]


def test_a_plain_date_is_due_at_midnight_where_the_site_is():
    brief = make_brief("tomorrow", "2024-07-26")  # midnight in Berlin: 22:00 UTC on July 25
    before = datetime(2024, 7, 25, 21, 59, tzinfo=timezone.utc)
    after = datetime(2024, 7, 25, 22, 0, tzinfo=timezone.utc)
    assert select([brief], before, ZONE, drafts=False, future=False).scheduled == [brief]
    assert select([brief], after, ZONE, drafts=False, future=False).published == [brief]


def test_a_draft_dated_later_counts_as_a_draft_and_in_preview_still_waits_for_its_date():
    brief = make_brief("plan", NOW + timedelta(days=1), draft=True)
    build = select([brief], NOW, ZONE, drafts=False, future=False)
    assert (build.drafts, build.scheduled, build.published) == ([brief], [], [])
    preview = select([brief], NOW, ZONE, drafts=True, future=False)
    assert (preview.drafts, preview.scheduled, preview.published) == ([], [brief], [])


def test_the_next_rebuild_is_due_when_the_earliest_scheduled_brief_is():
    briefs = [make_brief("late", NOW + timedelta(days=3)), make_brief("soon", NOW + timedelta(hours=5)),
              make_brief("old", NOW - timedelta(days=1))]
    assert select(briefs, NOW, ZONE, drafts=False, future=False).next_due == NOW + timedelta(hours=5)
    assert select(briefs, NOW, ZONE, drafts=False, future=True).next_due is None


def test_the_build_log_says_nothing_when_nothing_was_left_out():
    briefs = [make_brief("ready", "2024-07-24")]
    assert select(briefs, NOW, ZONE, drafts=False, future=False).summary() is None


def test_the_build_log_counts_drafts_and_says_when_to_rebuild():
    one = select([make_brief("d1", "2024-07-24", draft=True)], NOW, ZONE, drafts=False, future=False)
    assert one.summary() == "Left out 1 draft."
    due = datetime(2024, 7, 25, 18, 30, tzinfo=ZONE)
    briefs = [make_brief("d1", "2024-07-24", draft=True), make_brief("d2", "2024-07-24", draft=True),
              make_brief("s1", due), make_brief("s2", due + timedelta(days=1)),
              make_brief("s3", "2024-07-31")]
    assert select(briefs, NOW, ZONE, drafts=False, future=False).summary() == (
        "Left out 2 drafts and 3 briefs dated in the future "
        "(next due 2024-07-25T18:30:00+02:00: rebuild then to publish it)."
    )
    single = select([make_brief("s1", due)], NOW, ZONE, drafts=False, future=False)
    assert single.summary() == (
        "Left out 1 brief dated in the future "
        "(next due 2024-07-25T18:30:00+02:00: rebuild then to publish it)."
    )
