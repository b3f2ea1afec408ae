// Briefing search: the header box and the /search/ page, over Pagefind's chunked index.
// Loaded only when a reader focuses the search box (or opens the search page).
// Results are built with textContent, never innerHTML: nothing in a brief becomes markup.

const HEADER_RESULTS = 6;
const PAGE_RESULTS = 20;
const FACETS = ["topic", "author", "agency", "year"];

let pagefind = null;

function loadPagefind(bundle, shards = "") {
  const url = new URL(bundle, document.baseURI);
  // A site with nothing published yet has no index: searches then find nothing.
  const empty = { search: async () => ({ results: [] }) };
  pagefind = pagefind || import(url.href).catch(() => empty).then(async (module) => {
    if (module === empty) return empty;
    // Result URLs are site-root paths; the site may live under a sub-path.
    const baseUrl = new URL("..", url).pathname;
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

function siteBase(bundle) {
  return new URL("..", new URL(bundle, document.baseURI));
}

async function runSearch({ bundle, shards }, query, { filters = {}, sort = "relevance", limit }) {
  const module = await loadPagefind(bundle, shards);
  const options = { filters: {} };
  for (const [facet, values] of Object.entries(filters)) {
    if (values.length) options.filters[facet] = { any: values };
  }
  if (sort === "date") return newestFirst(module, query, options, limit);
  const search = await module.search(query, options);
  if (!search) return null; // superseded by a newer query
  // Fragments load in parallel; the first is awaited on its own so it can be shown at once.
  const pending = search.results.slice(0, limit).map((result) => result.data());
  return { total: search.results.length, first: await pending[0], rest: Promise.all(pending.slice(1)) };
}

// Newest first without Pagefind's sort table (see DATE_ORDER in generator/search.py):
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
  if (!chosen.length) return { total: 0, first: undefined, rest: Promise.resolve([]) };
  const recent = await module.search(query, { filters: { ...options.filters, week: { any: chosen } } });
  const data = await Promise.all(recent.results.map((result) => result.data()));
  data.sort((a, b) => (b.meta.stamp || "").localeCompare(a.meta.stamp || ""));
  const top = data.slice(0, limit);
  return { total: all.results.length, first: top[0], rest: Promise.resolve(top.slice(1)) };
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function resultItem(result, base, { id, withImage }) {
  const item = element("li", "briefing-result");
  if (id) {
    item.id = id;
    item.setAttribute("role", "option");
  }
  const meta = result.meta || {};
  if (withImage && meta.image) {
    const image = element("img", "briefing-result__image");
    image.src = new URL(meta.image, base).href;
    image.alt = "";
    image.loading = "lazy";
    item.append(image);
  }
  const text = element("div", "briefing-result__text");
  if (meta.kicker) text.append(element("p", "briefing-result__kicker", meta.kicker));
  const link = element("a", "briefing-result__title", meta.title || result.url);
  link.href = result.url;
  if (id) link.tabIndex = -1;
  text.append(link);
  if (meta.date) text.append(element("p", "briefing-result__date", meta.date));
  if (meta.lead) text.append(element("p", "briefing-result__lead", meta.lead));
  item.append(text);
  return item;
}

// --- the header box: a combobox with a short list of results ---------------------------

export function header(root) {
  const input = root.querySelector("input");
  const panel = root.querySelector(".briefing-search__panel");
  const list = root.querySelector("[role=listbox]");
  const status = root.querySelector("[role=status]");
  const { bundle, shards } = root.dataset;
  const base = siteBase(bundle);
  let active = -1;
  let latest = 0;

  loadPagefind(bundle, shards); // start fetching while the reader types

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
    const item = (result, i) => resultItem(result, base, { id: `briefing-search-result-${i}`, withImage: true });
    list.replaceChildren(...(found.first ? [item(found.first, 0)] : []));
    status.textContent = found.total
      ? `${found.total} brief${found.total === 1 ? "" : "s"} found. Enter shows them all.`
      : "No briefs found.";
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
      show(false);
      input.blur();
    }
  });
  list.addEventListener("click", (event) => {
    const option = event.target.closest("[role=option]");
    if (option) window.location.href = option.querySelector("a").href;
  });
  document.addEventListener("click", (event) => {
    if (!root.contains(event.target)) show(false);
  });
  if (input.value.trim()) update();
}

// --- the search page: query, facets and sort live in the URL ----------------------------

export function page(root) {
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const sort = form.querySelector("select[name=sort]");
  const list = root.querySelector(".briefing-results");
  const status = root.querySelector("[role=status]");
  const { bundle } = root.dataset;
  const base = siteBase(bundle);
  let latest = 0;

  function fromUrl() {
    const params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    sort.value = params.get("sort") === "date" ? "date" : "relevance";
    for (const box of form.querySelectorAll("input[type=checkbox]")) {
      box.checked = params.getAll(box.name).includes(box.value);
    }
  }

  function state() {
    const filters = Object.fromEntries(FACETS.map((facet) => [facet, []]));
    for (const box of form.querySelectorAll("input[type=checkbox]:checked")) filters[box.name].push(box.value);
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

  async function update() {
    const current = state();
    toUrl(current);
    const ticket = ++latest;
    if (!current.query) {
      // A filter alone would fetch the whole index: topic and archive pages list those.
      list.replaceChildren();
      status.textContent = "Type what you are looking for. To browse a topic, open its page from Topics.";
      return;
    }
    status.textContent = "Searching…";
    const found = await runSearch(root.dataset, current.query, { ...current, limit: PAGE_RESULTS });
    if (!found || ticket !== latest) return;
    const item = (result) => resultItem(result, base, { withImage: true });
    list.replaceChildren(...(found.first ? [item(found.first)] : []));
    status.textContent = found.total
      ? `${found.total} brief${found.total === 1 ? "" : "s"} found${found.total > PAGE_RESULTS ? `, the first ${PAGE_RESULTS} shown` : ""}.`
      : "No briefs found.";
    const rest = await found.rest;
    if (ticket === latest) list.append(...rest.map(item));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  fromUrl();
  update();
}
