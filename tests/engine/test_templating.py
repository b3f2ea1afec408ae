"""Theme parts rendered once for many pages, and a Jinja environment set up for one build.

Pages render with MkDocs' own `url` filter, through templates shaped as the theme's
(theme/main.html wraps its navigation, tabs and footer in `remembered`): every page must
come out exactly as it would were nothing remembered, while alike parts render once.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from types import SimpleNamespace

import jinja2
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import url_filter

from generator.engine.templating import Remembering, fix_for_the_build

MAIN = """\
{% call remembered("nav") %}<nav>{{ rendered("nav") }}{% for item in items %}\
<a href="{{ item.url | url }}"{% if page and page.url == item.url %} class="current"{% endif %}>\
{{ item.title }}</a>{% if page and page.url == item.url and page.toc %}<ul>{% for heading in page.toc %}\
<li><a href="#{{ heading }}">{{ heading }}</a></li>{% endfor %}</ul>{% endif %}\
{% endfor %}</nav>{% endcall %}
{% call remembered("footer") %}<footer>{{ rendered("footer") }}<img src="{{ base_url }}/logo.png"></footer>\
{% endcall %}
<h1>{{ page.title if page else "Not found" }}</h1>"""

ITEMS = [SimpleNamespace(url=url, title=title) for url, title in [
    ("", "Home"), ("topics/", "Topics"), ("archive/", "Archive"), ("2024/07/", "July"), ("about/", "About"),
    ("contact/", "Contact"),
]]


def page(url: str, title: str | None = None, toc=()):
    """What templates see of a MkDocs page: its URL, title, headings and file."""
    file = SimpleNamespace(src_uri=f"{url}index.md")
    return SimpleNamespace(url=url, title=title or url, toc=list(toc), file=file)


ABOUT, CONTACT = page("about/", "About"), page("contact/", "Contact")
NAV = SimpleNamespace(pages=[ABOUT, CONTACT])


class Theme:
    """One environment as the plugin has it (remembering) or as plain Jinja renders it."""

    def __init__(self, remembering: bool, templates: dict[str, str] | None = None, theme_dirs=(), nav=NAV):
        self.renders: Counter[str] = Counter()
        self.env = jinja2.Environment(loader=jinja2.DictLoader(templates or {"main.html": MAIN}))
        self.env.filters["url"] = url_filter
        self.env.globals["rendered"] = self.rendered
        if remembering:
            Remembering(self.env, list(theme_dirs), nav)
        else:
            self.env.globals["remembered"] = lambda name, caller: caller()

    def rendered(self, part: str) -> str:
        self.renders[part] += 1
        return ""

    def render(self, page, base_url: str | None = None, name: str = "main.html") -> str:
        if base_url is None:
            base_url = get_relative_url(".", page.url)  # as MkDocs gives it to each page
        return self.env.get_template(name).render(page=page, base_url=base_url, items=ITEMS)


PAGES = [page(url) for url in (
    "2024/07/a/", "2024/07/b/", "2024/08/c/", "2023/01/d/", "topics/syria/", "topics/russia/", "",
    "archive/2024/07/", "page/2/", "2024/07/", "topics/",
)] + [ABOUT, CONTACT]


def test_every_page_comes_out_as_it_would_were_nothing_remembered():
    remembering, plain = Theme(True), Theme(False)
    for turn in range(2):
        for each in PAGES if turn == 0 else reversed(PAGES):
            assert remembering.render(each) == plain.render(each), each.url
    assert remembering.renders["nav"] < plain.renders["nav"]


def test_a_part_renders_once_for_pages_whose_links_come_out_alike():
    theme = Theme(True)
    for url in ("2024/07/a/", "2024/07/b/", "2024/07/c/"):
        assert '<a href="../">July</a>' in theme.render(page(url))
    assert theme.renders == {"nav": 1, "footer": 1}
    for url in ("2024/08/d/", "2024/08/e/"):  # July is further from August's briefs
        assert '<a href="../../07/">July</a>' in theme.render(page(url))
    assert theme.renders == {"nav": 2, "footer": 1}
    for url in ("2024/07/f/", "2024/08/g/"):  # both versions are kept
        theme.render(page(url))
    assert theme.renders == {"nav": 2, "footer": 1}


def test_pages_at_another_depth_get_their_own_version_and_each_is_kept():
    theme = Theme(True)
    brief, topic = theme.render(page("2024/07/a/")), theme.render(page("topics/syria/"))
    assert '<a href="../../archive/">' in topic and '<img src="../../logo.png">' in topic
    assert '<a href="../../../archive/">' in brief and '<img src="../../../logo.png">' in brief
    theme.render(page("2024/07/b/")), theme.render(page("topics/russia/"))
    assert theme.renders == {"nav": 2, "footer": 2}


def test_a_link_into_the_pages_own_section_is_not_taken_from_a_page_elsewhere():
    theme = Theme(True)
    theme.render(page("2024/08/b/"))
    assert '<a href="../">July</a>' in theme.render(page("2024/07/a/"))
    assert '<a href="../../07/">July</a>' in theme.render(page("2024/08/c/"))


NESTED = """\
{% call remembered("header") %}<header>{% call remembered("tabs") %}\
<a href="{{ "topics/" | url }}">Topics</a><a href="{{ "2024/07/" | url }}">July</a>{% endcall %}\
<a href="{{ "2024/08/" | url }}">August</a></header>{% endcall %}"""


def test_a_part_inside_a_part_is_reused_only_where_both_come_out_alike():
    remembering, plain = Theme(True, {"main.html": NESTED}), Theme(False, {"main.html": NESTED})
    # July's link differs between the first two, August's between the last two.
    for url in ("2024/07/a/", "2024/09/b/", "2024/08/c/", "2024/09/d/", "2024/07/e/"):
        assert remembering.render(page(url)) == plain.render(page(url)), url


def test_a_page_of_the_navigation_marks_itself_as_the_current_one():
    theme = Theme(True)
    assert '<a href="./" class="current">About</a>' in theme.render(ABOUT)
    contact = theme.render(CONTACT)  # the same depth as About, and the same links
    assert '<a href="./" class="current">Contact</a>' in contact and 'class="current">About' not in contact
    assert "current" not in theme.render(page("2024/07/a/"))


def test_a_page_of_the_navigation_renders_its_parts_afresh_with_its_own_headings():
    theme = Theme(True)
    assert '<li><a href="#who">who</a></li></ul>' in theme.render(page("about/", "About", toc=["who"]))
    again = theme.render(page("about/", "About", toc=["who", "where"]))  # its headings edited
    assert '<li><a href="#where">where</a></li>' in again
    assert theme.renders["nav"] == 2


def test_a_page_without_a_page_links_from_its_base_url_each_time():
    theme, plain = Theme(True), Theme(False)
    for base_url in ("/news/", "/", "/news/"):
        assert theme.render(None, base_url) == plain.render(None, base_url)
    assert '<a href="/news/topics/">' in theme.render(None, "/news/")


PAUSING = """\
{% call remembered("nav") %}<nav><a href="{{ "2024/07/" | url }}">July</a>{{ pause() }}\
<a href="{{ "topics/" | url }}">Topics</a></nav>{% endcall %}"""


def test_a_page_rendered_while_another_thread_renders_one_elsewhere_keeps_its_own_links():
    """Page workers render on threads: what one notes of a part must not be what another asked."""
    arrived, resume = threading.Event(), threading.Event()

    def pause() -> str:  # holds the first thread inside its part while another renders its own
        if threading.current_thread().name == "first":
            arrived.set()
            assert resume.wait(10)
        return ""

    remembering, plain = Theme(True, {"main.html": PAUSING}), Theme(False, {"main.html": PAUSING})
    for theme in (remembering, plain):
        theme.env.globals["pause"] = pause
    found = {}

    def render_first() -> None:
        found["a"] = remembering.render(page("2024/07/a/"))

    first = threading.Thread(target=render_first, name="first")
    first.start()
    assert arrived.wait(10)
    assert remembering.render(page("2024/08/b/")) == plain.render(page("2024/08/b/"))
    resume.set()
    first.join()
    assert found["a"] == plain.render(page("2024/07/a/"))
    for url in ("2024/08/c/", "2024/07/d/"):
        assert remembering.render(page(url)) == plain.render(page(url)), url


def test_the_url_filter_asks_mkdocs_once_per_address_and_page():
    asked = Counter()

    @jinja2.pass_context
    def counted(context, value):
        asked[context["page"].url, value] += 1
        return url_filter(context, value)

    template = '{{ "topics/" | url }} {{ "topics/" | url }} {{ "about/" | url }} {{ "topics/" | url }}'
    theme = Theme(False, {"main.html": template})
    theme.env.filters["url"] = counted  # MkDocs' filter, which Remembering wraps
    Remembering(theme.env, [], NAV)
    expected = "D/topics/ D/topics/ D/about/ D/topics/".replace("D/", "../../../")
    assert theme.render(page("2024/07/a/")) == expected
    assert theme.render(page("topics/syria/")) == "../ ../ ../../about/ ../"
    assert asked == {("2024/07/a/", "topics/"): 1, ("2024/07/a/", "about/"): 1,
                     ("topics/syria/", "topics/"): 1, ("topics/syria/", "about/"): 1}


def test_an_override_reaches_the_themes_own_template_of_the_same_name(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials/nav.html").write_text("<nav>Material's own</nav>")
    templates = {"partials/nav.html": '<div class="ours">{% include "material/partials/nav.html" %}</div>'}
    theme = Theme(True, templates, theme_dirs=[str(tmp_path)])
    rendered = theme.render(page("about/"), name="partials/nav.html")
    assert rendered == '<div class="ours"><nav>Material\'s own</nav></div>'


# --- an environment for one build -------------------------------------------------------------


def build_env(folder) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)))
    fix_for_the_build(env)
    return env


def edit(path, text: str) -> None:
    """Change a template file, and its time, as an editor saving it a while later would."""
    path.write_text(text)
    stat = path.stat()
    os.utime(path, (stat.st_atime + 10, stat.st_mtime + 10))


def test_a_template_read_once_is_not_read_again_during_the_build(tmp_path):
    edit(tmp_path / "main.html", "first")
    env = build_env(tmp_path)
    assert env.get_template("main.html").render() == "first"
    edit(tmp_path / "main.html", "second")
    assert env.get_template("main.html").render() == "first"  # a changed theme gets a new build
    assert build_env(tmp_path).get_template("main.html").render() == "second"


def test_every_template_of_a_large_theme_stays_read_for_the_build(tmp_path):
    for n in range(450):  # more than Jinja's cache keeps (400)
        (tmp_path / f"t{n}.html").write_text(f"template {n}")
    env = build_env(tmp_path)
    for n in range(450):
        env.get_template(f"t{n}.html")
    edit(tmp_path / "t0.html", "changed")
    assert env.get_template("t0.html").render() == "template 0"


def test_templates_see_the_globals_plugins_set_and_their_own(tmp_path):
    (tmp_path / "main.html").write_text('{{ site_name }} {{ extra }} {% include "part.html" %}')
    (tmp_path / "part.html").write_text("{{ site_name }}/{{ extra }}")
    env = build_env(tmp_path)
    env.globals["site_name"] = "Briefing"  # set by a plugin once the environment exists
    rendered = env.get_template("main.html", globals={"extra": "x"}).render()
    assert rendered == "Briefing x Briefing/x"

