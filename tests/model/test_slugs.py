"""Addresses in every script: a title in any language gets a readable slug of its own, the
same from `briefing new`, `briefing import` and the build; `slugs: unicode` keeps the
title's own letters, NFC on disk, percent-encoded in links."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import GOOD_BRIEF, ROOT, briefing, make_project, refused, write
from generator.model.corpus import term_slug
from generator.model.slugs import NoAddress, brief_slug, is_slug, slugify, unique

# Headlines of our own, two a language, and the slug each must get: read aloud, each
# says its title (ä as ae in German, Kyiv as Ukraine spells it, 日本 as nippon).
TITLES = {
    "ar": [("الأمم المتحدة تدعو إلى وقف إطلاق النار في غزة", "alamm-almthda-tdw-ila-wqf-itlaq-alnar-fy-ghza"),
           ("سوريا: عودة آلاف اللاجئين من لبنان", "swrya-wda-alaf-allajiyn-mn-lbnan")],
    "fa": [("تهران: افزایش قیمت بنزین در سراسر ایران", "thran-afzaysh-qymt-bnzyn-dr-srasr-ayran"),
           ("سازمان ملل خواستار آتش‌بس فوری شد", "sazman-mll-khwastar-atshbs-fwry-shd")],
    "ru": [("Россия и Китай подписали новое соглашение", "rossiya-i-kitay-podpisali-novoe-soglashenie"),
           ("В Москве прошёл саммит ШОС", "v-moskve-proshel-sammit-shos")],
    "uk": [("Зеленський зустрівся з лідерами ЄС у Києві", "zelenskyi-zustrivsia-z-lideramy-yes-u-kyievi"),
           ("Ґрунтові води на Харківщині забруднені", "gruntovi-vody-na-kharkivshchyni-zabrudneni")],
    "el": [("Η Αθήνα υποδέχεται τη σύνοδο κορυφής της ΕΕ", "i-athina-ypodechetai-ti-synodo-koryfis-tis-ee"),
           ("Πυρκαγιές στην Εύβοια: εκκενώνονται χωριά", "pyrkagies-stin-eyvoia-ekkenonontai-choria")],
    "zh": [("国际社会呼吁加强合作应对气候变化", "guo-ji-she-hui-hu-yu-jia-qiang-he-zuo-ying-dui-qi-hou-bian"),
           ("中国经济第三季度增长4.8%", "zhong-guo-jing-ji-di-san-ji-du-zeng-zhang-4-8")],
    "ja": [("トランプ大統領、日本を訪問へ", "toranpu-daitouryou-nippon-o-houmon-e"),
           ("東京株式市場で記者会見", "toukyou-kabushiki-shijou-de-kisha-kaiken")],
    "ko": [("서울시, 대중교통 요금 인상 발표", "seoulsi-daejunggyotong-yogeum-insang-balpyo"),
           ("한국은행 기준금리 동결", "hangugeunhaeng-gijungeumli-donggyeol")],
    "th": [("กรุงเทพฯ เผชิญน้ำท่วมหนักหลังฝนตกต่อเนื่อง", "krungthep-phechin-namthuam-nak-lang-fanatok-tonueang"),
           ("นายกรัฐมนตรีเดินทางเยือนญี่ปุ่น", "naikratmntri-doenthang-yuean-yipun")],
    "hi": [("भारत ने चंद्रयान-4 मिशन की घोषणा की", "bharat-ne-chandrayan-4-mishan-ki-ghoshana-ki"),
           ("दिल्ली में वायु प्रदूषण का स्तर खतरनाक", "dilli-men-vayu-pradushan-ka-star-khataranak")],
    "de": [("Zürich: Ärger über Öl", "zuerich-aerger-ueber-oel"),
           ("Straßenbahn in Köln fällt wegen Streiks aus", "strassenbahn-in-koeln-faellt-wegen-streiks-aus")],
}
EVERY_TITLE = [(lang, title, slug) for lang, pairs in TITLES.items() for title, slug in pairs]


@pytest.mark.parametrize("lang, title, slug", EVERY_TITLE)
def test_a_title_in_any_script_gets_a_readable_ascii_slug(lang, title, slug):
    assert slugify(title, lang) == slug == brief_slug(title, lang)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) and len(slug) <= 60
    assert slugify(title, f"{lang}-XX") == slug  # a region or script subtag: the language's rule


def test_japanese_is_read_by_its_words_not_as_mandarin():
    assert slugify("日本", "zh") == "ri-ben" and slugify("日本", "ja") == "nippon"
    assert slugify("新しく始まった", "ja") == "atarashiku-hajimatta"  # a verb with its endings, ッ doubling
    assert slugify("能登半島地震から1年", "ja") == "noto-hantou-jishin-kara-1-nen"  # digits as written
    assert slugify("ガベージコレクションの記事", "ja") == "gabejikorekushon-no-kiji"  # a word it lacks
    assert slugify("ウィキペディアでチェック", "ja") == "wikipedia-de-chekku"


def test_every_title_has_a_slug_of_its_own_in_either_setting():
    for unicode in (False, True):
        slugs = [slugify(title, lang, unicode=unicode) for lang, title, _ in EVERY_TITLE]
        assert all(slugs) and len(set(slugs)) == len(slugs), slugs


def test_english_slugs_are_as_before():
    assert slugify("Assad meets Putin in Moscow") == "assad-meets-putin-in-moscow"
    assert slugify("Don't panic: café owners' strike") == "dont-panic-cafe-owners-strike"
    assert slugify("Middle East") == "middle-east" and slugify("") == ""
    long = "Harbour cranes stand still as dock workers stop work for a day over new shift rules"
    assert slugify(long) == "harbour-cranes-stand-still-as-dock-workers-stop-work-for-a"
    assert slugify("x" * 70) == "x" * 60  # one long word is cut, not lost


def test_the_unicode_setting_keeps_the_titles_own_letters():
    assert slugify("Zürich: Ärger über Öl", "de", unicode=True) == "zürich-ärger-über-öl"
    assert slugify("Россия и Китай подписали соглашение", "ru", unicode=True) == "россия-и-китай-подписали-соглашение"
    assert slugify("سازمان ملل خواستار آتش‌بس فوری شد", "fa", unicode=True) == "سازمان-ملل-خواستار-آتش\u200cبس-فوری-شد"
    assert slugify("غزّة تحت القصف", "ar", unicode=True) == slugify("غزة تحت القصف", "ar", unicode=True) == "غزة-تحت-القصف"
    assert slugify("भारत ने चंद्रयान-4 भेजा", "hi", unicode=True) == "भारत-ने-चंद्रयान-4-भेजा"  # vowel signs kept
    assert slugify("Ports reopen", unicode=True) == "ports-reopen"
    run = "国际社会呼吁加强合作应对气候变化" * 5  # no spaces: cut at 60 characters
    assert slugify(run, "zh", unicode=True) == run[:60]
    nfd = unicodedata.normalize("NFD", "Zürich heute")
    assert slugify(nfd, "de", unicode=True) == "zürich-heute" and unicodedata.is_normalized("NFC", "zürich-heute")
    for lang, title, _ in EVERY_TITLE:
        own = slugify(title, lang, unicode=True)
        assert own and is_slug(own) and len(own) <= 60, (title, own)


def test_a_title_without_letters_is_an_error_saying_what_to_do():
    for title in ("🎉🎉🎉", "!!!", "—"):
        with pytest.raises(NoAddress, match=r"^no readable address .*--slug NAME"):
            brief_slug(title, "en")
        with pytest.raises(NoAddress):
            brief_slug(title, "en", unicode=True)


WITHOUT = """
import sys
sys.modules[{module!r}] = None  # as if the extra were not installed
from generator.model.slugs import NoAddress, brief_slug
print(brief_slug({title!r}, {lang!r}, unicode=True))
try:
    brief_slug({title!r}, {lang!r})
except NoAddress as error:
    print(error)
"""


@pytest.mark.parametrize("lang, module, name", [("ja", "lindera", "Japanese"), ("th", "pythainlp", "Thai")])
def test_japanese_and_thai_without_their_extra_take_the_unicode_slug_or_say_what_to_do(lang, module, name):
    title = TITLES[lang][0][0]
    result = subprocess.run([sys.executable, "-c", WITHOUT.format(module=module, title=title, lang=lang)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    own, said = result.stdout.splitlines()
    assert own == slugify(title, lang, unicode=True)
    assert said == (f"no readable address for a {name} title "
                    f"(expected pip install 'briefing[{lang}]', --slug NAME, or slugs: unicode)")


def test_unique_takes_the_next_free_number():
    assert unique("talks", set()) == "talks"
    assert unique("talks", {"talks"}) == "talks-2"
    assert unique("talks", {"talks", "talks-2", "talks-3"}) == "talks-4"


def test_terms_are_slugged_by_their_language_and_keep_a_hash_only_where_letters_are_lost():
    assert term_slug("Россия", "ru") == "rossiya" and term_slug("Київ", "uk") == "kyiv"
    assert term_slug("Zürich", "de") == "zuerich" and term_slug("Zürich") == "zurich"
    assert term_slug("Middle East") == "middle-east"
    assert term_slug("سوريا", "ar") == "swrya"
    lost = term_slug("\U000123a4\U00012000", "en")  # cuneiform: no rule, no letters
    assert re.fullmatch(r"t-[0-9a-f]{8}", lost) and lost != term_slug("\U00012000", "en")


# briefing new and briefing import, and the build


NEW_TITLES = [("de", "Zürich: Ärger über Öl"), ("ru", "Россия и Китай подписали новое соглашение"),
              ("zh", "国际社会呼吁加强合作应对气候变化"), ("ja", "トランプ大統領、日本を訪問へ"),
              ("ar", "الأمم المتحدة تدعو إلى وقف إطلاق النار في غزة"), ("uk", "Зеленський зустрівся з лідерами ЄС у Києві"),
              ("th", "นายกรัฐมนตรีเดินทางเยือนญี่ปุ่น"), ("hi", "दिल्ली में वायु प्रदूषण का स्तर खतरनाक")]


def drafts_built(project: Path, extra: str = "") -> Path:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      timezone: Europe/Berlin\n",
                                                 f"      timezone: Europe/Berlin\n      drafts: true\n{extra}"))
    return project


def created(result) -> Path:
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.removeprefix("created ").strip())


def test_new_makes_the_slug_the_build_serves_in_every_language(tmp_path):
    project = drafts_built(make_project(tmp_path / "site", {}))
    paths = [created(briefing("new", "--lang", lang, title, cwd=project)) for lang, title in NEW_TITLES]
    again = created(briefing("new", "--lang", "de", "Zürich: Ärger über Öl", cwd=project))
    assert [p.stem for p in paths] == [slugify(title, lang) for lang, title in NEW_TITLES]
    assert again.stem == "zuerich-aerger-ueber-oel-2"
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    for path in (*paths, again):
        month = path.parent.relative_to(project / "content").as_posix()
        page = project / "site" / month / path.stem / "index.html"
        assert f'<link rel="canonical" href="https://news.example.org/{month}/{path.stem}/">' in page.read_text()
    assert 'lang="ja"' in (project / "site" / month / "toranpu-daitouryou-nippon-o-houmon-e/index.html").read_text()


def test_new_never_takes_a_slug_already_used_in_any_month_drafts_too(tmp_path):
    project = make_project(tmp_path / "site", {
        "2019/01/ports-reopen.md": GOOD_BRIEF,
        "2023/11/ports-reopen-2.md": GOOD_BRIEF.replace("---\n\n", "draft: true\n---\n\n", 1),
    })
    third = created(briefing("new", "Ports reopen", cwd=project))
    fourth = created(briefing("new", "Ports  reopen!", cwd=project))
    assert (third.stem, fourth.stem) == ("ports-reopen-3", "ports-reopen-4")
    chosen = created(briefing("new", "--slug", "harbour-news", "Ports reopen", cwd=project))
    assert chosen.name == "harbour-news.md"
    taken = briefing("new", "--slug", "ports-reopen", "Ports reopen", cwd=project)
    assert taken.returncode == 1 and "--slug ports-reopen: already the slug of" in taken.stderr
    assert "2019/01/ports-reopen.md" in taken.stderr
    bad = briefing("new", "--slug", "Ports Reopen", "Ports reopen", cwd=project)
    assert bad.returncode == 1 and "not a slug" in bad.stderr and "Traceback" not in bad.stderr


def test_new_with_a_title_of_no_letters_says_what_to_do(tmp_path):
    project = make_project(tmp_path / "site", {})
    result = briefing("new", "🎉🎉", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: title: no readable address") and "--slug NAME" in result.stderr
    assert not list((project / "content").rglob("*.md"))


def clipping(title: str, shortlink: str, lang: str | None = None) -> str:
    return (f"{title}\n\n" + (f"{shortlink}\n\n" if shortlink else "")
            + "Ships queued outside the port on Tuesday as pilots stayed away.\n\n"
              "The union said talks had broken down late on Monday.\n")


def test_import_slugs_by_the_sites_language_and_never_writes_imported(tmp_path):
    project = make_project(tmp_path / "site", {})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false\n", "  font: false\n  language: ru\n"))
    one = briefing("import", "-", cwd=project, input=clipping("Россия и Китай подписали соглашение", "https://p.example/p/1"))
    two = briefing("import", "-", cwd=project, input=clipping("Цены на нефть выросли", "https://p.example/p/2"))
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    names = sorted(p.name for p in (project / "content").rglob("*.md"))
    assert names == ["rossiya-i-kitay-podpisali-soglashenie.md", "tseny-na-neft-vyrosli.md"]


def test_import_slugs_a_saved_page_by_the_pages_own_language(tmp_path):
    project = make_project(tmp_path / "site", {})
    page = (ROOT / "tests/fixtures/import/structured.html").read_text()
    page = (page.replace("Night trains link three capitals", "Zürich: Ärger über Öl im Hafen")
            .replace('"en-GB"', '"de-CH"'))
    result = briefing("import", "-", cwd=project, input=page)
    assert result.returncode == 0, result.stderr
    path, = (project / "content").rglob("*.md")
    assert path.name == "zuerich-aerger-ueber-oel-im-hafen.md" and "lang: de-CH" in path.read_text()


def test_import_force_replaces_only_the_same_article(tmp_path):
    project = make_project(tmp_path / "site", {})
    title = "Harbour pilots strike for a second day"
    assert briefing("import", "-", cwd=project, input=clipping(title, "https://p.example/p/1")).returncode == 0
    first = next((project / "content").rglob("harbour-pilots-strike-for-a-second-day.md"))
    first.write_text(first.read_text() + "\nAn editor's sentence.\n")
    before = first.read_bytes()
    # Another article, another shortlink, the same headline: a brief of its own, even with --force.
    other = briefing("import", "-", "--force", cwd=project, input=clipping(title, "https://p.example/p/2"))
    assert other.returncode == 0, other.stderr
    second = first.with_name("harbour-pilots-strike-for-a-second-day-2.md")
    assert first.read_bytes() == before and b"p.example/p/2" in second.read_bytes()
    # The first article again: refused without --force, replaced (and only it) with it.
    again = briefing("import", "-", cwd=project, input=clipping(title, "https://p.example/p/1"))
    assert again.returncode == 1 and "already exists" in again.stderr and "--force" in again.stderr
    forced = briefing("import", "-", "--force", cwd=project, input=clipping(title, "https://p.example/p/1"))
    assert forced.returncode == 0, forced.stderr
    assert b"An editor's sentence." not in first.read_bytes() and b"p.example/p/1" in first.read_bytes()
    assert b"p.example/p/2" in second.read_bytes()
    assert sorted(p.name for p in (project / "content").rglob("*.md")) == sorted([first.name, second.name])
    # The second article renamed at its source: still the same article, found by its shortlink.
    renamed = briefing("import", "-", "--force", cwd=project, input=clipping("Pilots stay away", "https://p.example/p/2"))
    assert renamed.returncode == 0 and b"Pilots stay away" in second.read_bytes()
    assert not list((project / "content").rglob("pilots-stay-away.md"))


def test_import_takes_a_chosen_slug(tmp_path):
    project = make_project(tmp_path / "site", {})
    result = briefing("import", "-", "--slug", "pilots", cwd=project,
                      input=clipping("Harbour pilots strike", "https://p.example/p/1"))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (project / "content").rglob("*.md")] == ["pilots.md"]


# File names in any script


def test_a_brief_file_name_not_in_nfc_is_an_error_naming_it(tmp_path):
    nfd = unicodedata.normalize("NFD", "zürich-ärger")
    project = make_project(tmp_path / "site", {f"2024/03/{nfd}.md": GOOD_BRIEF})
    for stderr in refused(project):
        assert (f"content/2024/03/{nfd}.md:1: slug: not in NFC (expected the name in NFC form, zürich-ärger, "
                "found 'zu\\u0308rich-a\\u0308rger')") in stderr, stderr


def test_file_names_in_any_lowercase_script_build_and_others_are_badly_placed(tmp_path):
    project = make_project(tmp_path / "site", {"2024/03/россия-и-китай.md": GOOD_BRIEF})
    assert briefing("build", cwd=project).returncode == 0
    write(project / "content/2024/03/Россия.md", GOOD_BRIEF.replace("08:00", "09:00"))
    for stderr in refused(project):
        assert "content/2024/03/Россия.md:1: file: badly placed" in stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_unicode_named_brief_is_served_at_its_percent_encoded_address(tmp_path):
    project = drafts_built(make_project(tmp_path / "site", {}), "      slugs: unicode\n")
    title = "Zürich: Ärger über Öl in Köln"
    path = created(briefing("new", "--lang", "de", title, cwd=project))
    arabic = created(briefing("new", "--lang", "ar", "الأمم المتحدة تدعو إلى وقف إطلاق النار", cwd=project))
    assert path.name == "zürich-ärger-über-öl-in-köln.md" and unicodedata.is_normalized("NFC", path.name)
    assert arabic.stem == "الأمم-المتحدة-تدعو-إلى-وقف-إطلاق-النار"
    result = briefing("build", cwd=project)
    assert result.returncode == 0, result.stderr
    month = path.parent.relative_to(project / "content").as_posix()
    links = [f"/{month}/{quote(p.stem)}/" for p in (path, arabic)]
    front = (project / "site/index.html").read_text()
    assert all(f'href="{link[1:]}"' in front for link in links)  # the front page links them encoded
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)],
                              cwd=project / "site", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        answers = {}
        for link in (*links, links[0].lower(), f"/{month}/{quote(unicodedata.normalize('NFD', path.stem))}/"):
            answers[link] = status(f"http://127.0.0.1:{port}{link}")
        assert [answers[link] for link in links] == [200, 200]
        assert answers[links[0].lower()] == 200  # lower-case hex, as some tools write it
        assert list(answers.values())[-1] == 404  # the NFD spelling is another name: never written
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{links[0]}") as page:
            assert title in page.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)


def status(url: str, tries: int = 50) -> int:
    for _ in range(tries):
        try:
            with urllib.request.urlopen(url) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            time.sleep(0.1)  # the server is still starting
    raise TimeoutError(url)
