// The archive's search box: Pagefind, one bundle per arXiv year, loaded on first use so pages
// that are only read download nothing. A year is searched at a time (the newest by default);
// an arXiv id goes straight to its year.
(() => {
  const form = document.querySelector("[data-archive-search]");
  if (!form) return;
  const input = form.querySelector("input");
  const panel = form.querySelector(".archive-search__panel");
  const scope = form.querySelector("select");
  const list = form.querySelector(".archive-search__results");
  const root = new URL("../../", document.currentScript.src);
  const bundles = new Map();
  let years = null;
  let latestQuery = 0;

  const loadYears = () => {
    years ??= fetch(new URL("pagefind/bundles.json", root))
      .then((response) => (response.ok ? response.json() : []))
      .then((found) => {
        for (const { year, papers } of found) {
          scope.add(new Option(`${year} (${papers.toLocaleString("en")})`, year));
        }
        if (found.length > 1) scope.add(new Option("all years (slower)", "all"));
        return found.map(({ year }) => String(year));
      });
    return years;
  };

  const bundle = (year) => {
    if (!bundles.has(year)) {
      const base = new URL(`pagefind/${year}/`, root);
      bundles.set(year, import(new URL("pagefind.js", base).href).then(async (pagefind) => {
        await pagefind.options({ basePath: base.href, excerptLength: 24 });
        return pagefind;
      }));
    }
    return bundles.get(year);
  };

  const escape = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

  const show = (open) => {
    panel.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
  };

  const search = async () => {
    const query = input.value.trim();
    const ticket = ++latestQuery;
    if (!query) return show(false);
    const all = await loadYears();
    if (!all.length) {
      list.innerHTML = '<p class="archive-search__none">No search index here: build the site '
        + "with scripts/build.</p>";
      return show(true);
    }
    const id = query.match(/^(\d{2})\d{2}\.\d{4,5}$/);
    const chosen = id ? [`20${id[1]}`] : scope.value === "all" ? all : [scope.value || all[0]];
    const found = [];
    for (const year of chosen.filter((y) => all.includes(y))) {
      const pagefind = await bundle(year);
      const { results } = await pagefind.search(query);
      found.push(...results.slice(0, 8));
    }
    found.sort((a, b) => b.score - a.score);
    const shown = await Promise.all(found.slice(0, 8).map((result) => result.data()));
    if (ticket !== latestQuery) return; // a newer query is on its way
    list.innerHTML = shown.length
      ? shown.map((page) => `<a class="archive-search__result" role="option" href="${
          escape(new URL(page.url.replace(/^\//, ""), root).href)}">
          <span class="archive-search__title">${escape(page.meta.title || page.url)}</span>
          <span class="archive-search__date">${escape(page.meta.date || "")}</span>
          <span class="archive-search__excerpt">${page.excerpt}</span></a>`).join("")
      : `<p class="archive-search__none">No papers found for “${escape(query)}”.</p>`;
    show(true);
  };

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 30);
  });
  input.addEventListener("focus", () => {
    // Start loading the default year's index while the reader types.
    loadYears().then((all) => all.length && bundle(scope.value || all[0]))
      .then((pagefind) => pagefind?.init());
    if (input.value.trim()) show(true);
  });
  scope.addEventListener("change", search);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    list.querySelector("a")?.click();
  });
  form.addEventListener("keydown", (event) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      show(false);
      input.focus();
    } else if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && links.length) {
      event.preventDefault();
      (at > 0 ? links[at - 1] : input).focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) show(false);
  });
  document.addEventListener("keydown", (event) => {
    // "/" or "s" focuses the search box, as in Material.
    if ((event.key === "/" || event.key === "s") && document.activeElement === document.body) {
      event.preventDefault();
      input.focus();
    }
  });
})();

// Day pages: a button beside the link to the day's BibTeX copies every entry in one click.
(() => {
  for (const link of document.querySelectorAll('.md-content a[href$=".bib"]')) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button archive-copy";
    button.textContent = "Copy all as BibTeX";
    button.addEventListener("click", async () => {
      const text = fetch(link.href).then((response) => response.text());
      try {
        // A promise in a ClipboardItem keeps the click's permission while the file loads.
        const blob = text.then((bibtex) => new Blob([bibtex], { type: "text/plain" }));
        await navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]);
      } catch {
        await navigator.clipboard.writeText(await text);
      }
      button.textContent = "Copied";
    });
    link.parentElement.append(" ", button);
  }
})();

// Inline TeX in abstracts (spans the renderer marks as math): typeset with KaTeX, loaded only
// on pages that have some. Without it, or before it loads, the TeX shows as written.
(() => {
  const maths = document.querySelectorAll(".md-content .math");
  if (!maths.length) return;
  const katex = new URL("../katex/", document.currentScript.src);
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("katex.min.css", katex).href;
  const script = document.createElement("script");
  script.src = new URL("katex.min.js", katex).href;
  script.addEventListener("load", () => {
    for (const span of maths) {
      const tex = span.textContent.slice(1, -1);
      try {
        window.katex.render(tex, span, { throwOnError: false });
      } catch {
        // Left as the TeX source.
      }
    }
  });
  document.head.append(style, script);
})();
