// Briefing search: the header box and the /search/ page, over Pagefind's chunked index.
// Loaded only when a reader focuses the search box (or opens the search page).
// Results are built with DOM APIs, never innerHTML: nothing in a brief becomes markup.

const HEADER_RESULTS = 6;
const PAGE_RESULTS = 20;
const FACETS = ["topic", "author", "agency", "year"];

let pagefind = null;

// `bundle`: the page's language's (pagefind/pagefind.js, de/pagefind/pagefind.js), `root`: the site's.
function loadPagefind(bundle, shards = "", root = "") {
  const url = new URL(bundle, document.baseURI);
  // A site with nothing published yet has no index: searches then find nothing.
  const empty = { search: async () => ({ results: [], filters: {} }), filters: async () => ({}) };
  pagefind = pagefind || import(url.href).catch(() => empty).then(async (module) => {
    if (module === empty) return empty;
    // Result URLs are site-root paths (a German brief's starts de/); the site may live under a sub-path.
    const baseUrl = siteBase({ root }).pathname;
    await module.options({ baseUrl });
    await module.init();
    // A large archive is indexed in shards of whole years: older ones merge in.
    for (const folder of shards.split(" ").filter(Boolean)) {
      await module.mergeIndex(new URL(folder, url).href, { baseUrl });
    }
    return module;
  });
  return pagefind;
}

// The site's root (data-root: "../.." or "."), which result addresses start from.
function siteBase({ root }) {
  return new URL(`${root.replace(/\/$/, "")}/`, document.baseURI);
}

// The words of the page's language (generator/outputs/wording.py), given in data-words.
function wording(root) {
  const words = JSON.parse(root.dataset.words || "{}");
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  return (key, n) => {
    let word = words[key] ?? key;
    if (typeof word === "object") word = word[plural.select(n)] ?? word.other;
    return n === undefined ? word : word.replace("{n}", n.toLocaleString(document.documentElement.lang || "en"));
  };
}

function pagefindFilters(filters) {
  const chosen = {};
  for (const [facet, values] of Object.entries(filters)) {
    if (values.length) chosen[facet] = { any: values };
  }
  return chosen;
}

async function runSearch({ bundle, shards, root }, query, { filters = {}, sort = "relevance", limit, counted }) {
  const module = await loadPagefind(bundle, shards, root);
  if (counted) await module.filters(); // loads the filter chunks: results then carry counts by value
  const options = { filters: pagefindFilters(filters) };
  if (sort === "date") return newestFirst(module, query, options, limit);
  const search = await module.search(query, options);
  if (!search) return null; // superseded by a newer query
  // Fragments load in parallel; the first is awaited on its own so it can be shown at once.
  const pending = search.results.slice(0, limit).map((result) => result.data());
  return { total: search.results.length, first: await pending[0], rest: Promise.all(pending.slice(1)), search };
}

// Newest first without Pagefind's sort table (see DATE_ORDER in generator/search/documents.py):
// count the results per week, search again within the newest weeks that hold `limit`
// of them, and order those exactly by their time stamp.
async function newestFirst(module, query, options, limit) {
  await module.filters(); // loads the filter chunks, so results carry counts per week
  const all = await module.search(query, options);
  if (!all) return null;
  const weeks = Object.entries(all.filters.week || {})
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => b.localeCompare(a));
  const chosen = [];
  let count = 0;
  for (const [week, n] of weeks) {
    if (count >= limit) break;
    chosen.push(week);
    count += n;
  }
  if (!chosen.length) return { total: 0, first: undefined, rest: Promise.resolve([]), search: all };
  const recent = await module.search(query, { filters: { ...options.filters, week: { any: chosen } } });
  const data = await Promise.all(recent.results.map((result) => result.data()));
  data.sort((a, b) => (b.meta.stamp || "").localeCompare(a.meta.stamp || ""));
  const top = data.slice(0, limit);
  return { total: all.results.length, first: top[0], rest: Promise.resolve(top.slice(1)), search: all };
}

// How many results each facet's values would give: the query with the filters of the
// other facets (a facet's own values are alternatives, "any" of them). Pagefind counts
// a search's results by filter value once its filter chunks are loaded.
async function facetCounts({ bundle, shards, root }, query, filters, search) {
  const module = await loadPagefind(bundle, shards, root);
  const counts = {};
  for (const facet of FACETS) {
    let scoped = search;
    if (filters[facet].length) {
      scoped = await module.search(query, { filters: pagefindFilters({ ...filters, [facet]: [] }) });
    }
    counts[facet] = (scoped && scoped.filters && scoped.filters[facet]) || {};
  }
  return counts;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// Pagefind's excerpt is the brief's text with "<" and ">" written as &lt; and &gt; (and
// nothing else escaped) and <mark> around the matched words. Only the marks are taken
// apart: everything between them becomes text nodes, those two entities read back, so
// a "<b>" in a brief shows as the text it is. A mark leaves out the punctuation its
// word carries ("strike." marks "strike").
const ESCAPED = { "&lt;": "<", "&gt;": ">" };
const unescaped = (text) => text.replace(/&[lg]t;/g, (entity) => ESCAPED[entity]);

function excerptNodes(excerpt) {
  const nodes = [];
  excerpt.split(/(<mark>.*?<\/mark>)/s).forEach((part) => {
    const marked = /^<mark>([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)<\/mark>$/su.exec(part);
    if (!marked) {
      if (part) nodes.push(document.createTextNode(unescaped(part)));
      return;
    }
    const [, before, word, after] = marked.map(unescaped);
    if (!word) {
      nodes.push(element("mark", null, before + after));
      return;
    }
    if (before) nodes.push(document.createTextNode(before));
    nodes.push(element("mark", null, word));
    if (after) nodes.push(document.createTextNode(after));
  });
  return nodes;
}

// A result's small picture: AVIF at the width the screen needs (its `sizes`: the slot's, from
// the search box's data-image-sizes), else the fallback file the index names.
function thumbnail(meta, base, sizes, className) {
  const image = element("img", className);
  image.src = new URL(meta.image, base).href;
  image.alt = "";
  image.loading = "lazy";
  image.decoding = "async";
  if (!meta.image_avif) return image;
  const source = document.createElement("source");
  source.type = "image/avif";
  source.srcset = meta.image_avif.split(", ").map((candidate) => {
    const [path, width] = candidate.split(" ");
    return `${new URL(path, base).href} ${width}`;
  }).join(", ");
  source.sizes = sizes || "100vw";
  const picture = document.createElement("picture");
  picture.append(source, image);
  return picture;
}

// A result in the header's short list.
function headerItem(result, base, id, sizes) {
  const item = element("li", "briefing-result");
  item.id = id;
  item.setAttribute("role", "option");
  const meta = result.meta || {};
  if (meta.image) item.append(thumbnail(meta, base, sizes, "briefing-result__image"));
  const text = element("div", "briefing-result__text");
  if (meta.kicker) text.append(element("p", "briefing-result__kicker", meta.kicker));
  const link = element("a", "briefing-result__title", meta.title || result.url);
  link.href = result.url;
  link.tabIndex = -1;
  text.append(link);
  if (meta.date) text.append(element("p", "briefing-result__date", meta.date));
  if (meta.lead) text.append(element("p", "briefing-result__lead", meta.lead));
  item.append(text);
  return item;
}

// A result on the search page: a card as the front page's (theme/partials/brief-card.html),
// its lead the excerpt with the matched words marked.
function pageCard(result, base, sizes) {
  const meta = result.meta || {};
  const card = element("li", meta.image ? "brief-card brief-card--image" : "brief-card");
  if (meta.image) {
    const frame = element("div", "brief-card__image");
    frame.append(thumbnail(meta, base, sizes));
    card.append(frame);
  }
  const text = element("div", "brief-card__text");
  if (meta.kicker) text.append(element("p", "brief-kicker", meta.kicker));
  const title = element("h2", "brief-card__title");
  const link = element("a", "briefing-result__title", meta.title || result.url);
  link.href = result.url;
  title.append(link);
  const lead = element("p", "brief-card__lead");
  if (result.excerpt) lead.append(...excerptNodes(result.excerpt));
  else lead.textContent = meta.lead || "";
  text.append(title, lead);
  if (meta.date) {
    const time = element("time", null, meta.date);
    if (meta.stamp) time.dateTime = meta.stamp;
    text.append(time);
  }
  card.append(text);
  return card;
}

// --- the header box: a combobox with a short list of results; on phones, an overlay ------

export function header(root) {
  const input = root.querySelector("input");
  const panel = root.querySelector(".briefing-search__panel");
  const list = root.querySelector("[role=listbox]");
  const status = root.querySelector("[role=status]");
  const opener = root.querySelector(".briefing-search__opener");
  const cancel = root.querySelector(".briefing-search__cancel");
  const { bundle, shards } = root.dataset;
  const base = siteBase(root.dataset);
  const say = wording(root);
  let active = -1;
  let latest = 0;

  loadPagefind(bundle, shards, root.dataset.root); // start fetching while the reader types

  function options() {
    return [...list.querySelectorAll("[role=option]")];
  }

  function highlight(index) {
    const all = options();
    active = all.length ? (index + all.length) % all.length : -1;
    all.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(open) {
    panel.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    root.classList.toggle("briefing-search--open", open);
  }

  // Closes the results, and the phone's overlay (opened by partials/javascripts/briefing-search.html);
  // focus goes back to what opened it: the phone's search button, or stays in the box.
  function close({ refocus }) {
    latest++;
    show(false);
    const overlay = root.classList.contains("briefing-search--active");
    root.classList.remove("briefing-search--active");
    if (!refocus) return;
    if (overlay && opener.offsetParent !== null) opener.focus();
    else input.focus();
  }

  async function update() {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      show(false);
      return;
    }
    const found = await runSearch(root.dataset, query, { limit: HEADER_RESULTS });
    if (!found || ticket !== latest) return;
    const item = (result, i) => headerItem(result, base, `briefing-search-result-${i}`, root.dataset.imageSizes);
    list.replaceChildren(...(found.first ? [item(found.first, 0)] : []));
    status.textContent = found.total
      ? `${say("results", found.total)}. ${say("enter_shows_all")}`
      : `${say("no_briefs_found")}.`;
    active = -1;
    show(true);
    const rest = await found.rest;
    if (ticket === latest) list.append(...rest.map((result, i) => item(result, i + 1)));
  }

  input.addEventListener("input", update);
  input.addEventListener("focus", () => { if (input.value.trim()) update(); });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = options()[active].querySelector("a").href;
    } else if (event.key === "Escape") {
      close({ refocus: true });
    }
  });
  cancel.addEventListener("click", () => close({ refocus: true }));
  list.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) window.location.href = option.querySelector("a").href;
  });
  document.addEventListener("click", (event) => {
    if (!root.contains(event.target)) close({ refocus: false });
  });
  if (input.value.trim()) update();
}

// --- the search page: query, facets and sort live in the URL ----------------------------

export function page(root) {
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const sort = form.querySelector("select[name=sort]");
  const boxes = [...form.elements].filter((box) => box.type === "checkbox");
  const list = root.querySelector(".briefing-results");
  const status = root.querySelector("[role=status]");
  const { bundle } = root.dataset;
  const base = siteBase(root.dataset);
  const say = wording(root);
  let latest = 0;

  function fromUrl() {
    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    sort.value = params.get("sort") === "date" ? "date" : "relevance";
    for (const box of boxes) box.checked = params.getAll(box.name).includes(box.value);
  }

  function state() {
    const filters = Object.fromEntries(FACETS.map((facet) => [facet, []]));
    for (const box of boxes) if (box.checked) filters[box.name].push(box.value);
    return { query: input.value.trim(), filters, sort: sort.value };
  }

  function toUrl({ query, filters, sort: order }) {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const [facet, values] of Object.entries(filters)) values.forEach((v) => params.append(facet, v));
    if (order === "date") params.set("sort", "date");
    const search = params.toString();
    history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }

  // Each option's count is the query's (the site's, built into the page, without one);
  // one that would find nothing is disabled, but stays in sight, unless it is ticked.
  function showCounts(counts) {
    for (const box of boxes) {
      const shown = box.parentElement.querySelector(".briefing-facet__count");
      const count = counts ? (counts[box.name][box.value] || 0) : Number(shown.dataset.site);
      shown.textContent = count.toLocaleString(document.documentElement.lang || "en");
      box.disabled = count === 0 && !box.checked;
    }
  }

  async function update() {
    const current = state();
    toUrl(current);
    const ticket = ++latest;
    if (!current.query) {
      // A filter alone would fetch the whole index: topic and archive pages list those.
      list.replaceChildren();
      showCounts(null);
      status.textContent = say("search_hint");
      return;
    }
    status.textContent = say("searching");
    const found = await runSearch(root.dataset, current.query, { ...current, limit: PAGE_RESULTS, counted: true });
    if (!found || ticket !== latest) return;
    list.replaceChildren(...(found.first ? [pageCard(found.first, base, root.dataset.imageSizes)] : []));
    status.textContent = found.total
      ? say("results", found.total) + (found.total > PAGE_RESULTS ? `, ${say("first_n_shown", PAGE_RESULTS)}.` : ".")
      : `${say("no_briefs_found")}.`;
    const [rest, counts] = await Promise.all([
      found.rest, facetCounts(root.dataset, current.query, current.filters, found.search),
    ]);
    if (ticket !== latest) return;
    list.append(...rest.map((result) => pageCard(result, base, root.dataset.imageSizes)));
    showCounts(counts);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  // The filters are the form's by their form= attribute, outside it: events come to the root.
  root.addEventListener("input", update);
  root.addEventListener("change", update);
  fromUrl();
  update();
}
