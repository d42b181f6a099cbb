// Every page: Material's script fetches the sitemap.xml beside each `rel=alternate` link (its
// pages in other languages, on DOMContentLoaded, which waits for this deferred script). The
// archive's alternates are its feeds: a sitemap fetched on every listing page, and a 404 on a
// topic's or an organization's page. Their rel keeps its meaning with a second word, which
// Material's `[rel=alternate]` no longer matches; feed readers read the page as served.
for (const link of document.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]')) {
  link.rel = "alternate feed";
}

// A paper's BibTeX scrolls within 20 lines (extra.css): where it does, the keyboard can reach
// and scroll it too. Material sets and removes the code's tabindex by its width alone (and
// only where there is hover), whenever it measures it: the height is checked again each time.
for (const code of document.querySelectorAll(".paper-text pre > code")) {
  const reachable = () => {
    const scrolls = code.scrollHeight > code.clientHeight || code.scrollWidth > code.clientWidth;
    if (scrolls && code.getAttribute("tabindex") !== "0") code.tabIndex = 0;
  };
  new MutationObserver(reachable).observe(code, { attributeFilter: ["tabindex"] });
  reachable();
}

// Material's dialog (its "Copied to clipboard" after a code block's copy button), as a status
// region: a screen reader reads what it says, as a sighted reader sees it for two seconds.
// Day pages: the button beside the link to the day's BibTeX copies every entry in one click,
// and says so there.
(() => {
  const dialog = document.querySelector(".md-dialog");
  dialog?.firstElementChild?.setAttribute("role", "status");
  let shown;
  const tell = (message) => {
    if (!dialog) return;
    dialog.firstElementChild.textContent = message;
    dialog.classList.add("md-dialog--active");
    clearTimeout(shown);
    shown = setTimeout(() => dialog.classList.remove("md-dialog--active"), 2000);
  };
  for (const button of document.querySelectorAll(".md-content .archive-copy")) {
    const link = button.parentElement.querySelector('a[href$=".bib"]');
    if (!link) {
      button.hidden = true;
      continue;
    }
    const label = button.textContent;
    button.addEventListener("click", async () => {
      // "Copied" is shorter: the button keeps its width, so nothing beside it moves.
      button.style.minWidth = `${button.getBoundingClientRect().width}px`;
      const text = fetch(link.href).then((response) => {
        if (!response.ok) throw new Error(`the day's BibTeX file did not load (${response.status})`);
        return response.text();
      });
      try {
        try {
          // A promise in a ClipboardItem keeps the click's permission while the file loads.
          const blob = text.then((bibtex) => new Blob([bibtex], { type: "text/plain" }));
          await navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]);
        } catch {
          await navigator.clipboard.writeText(await text);
        }
      } catch (error) {
        tell(`Not copied: ${error.message || "the browser refused the clipboard"}`);
        return;
      }
      const entries = (await text).match(/^@/gm)?.length ?? 0;
      tell(`Copied ${entries} BibTeX ${entries === 1 ? "entry" : "entries"} to the clipboard`);
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = label; }, 2000);
    });
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

// The 404 page: an address of Hugging Face's shape that the archive lacks leads somewhere. A
// paper (/papers/<id>/): its pages on arXiv and Hugging Face, and the archive's days of the
// month its id was given; with arXiv's version (2509.25176v2), the paper's page here. A day,
// a week or a month (/papers/date/<day>/, /papers/week/<2025-W40>/, /papers/month/<2025-09>/):
// whether it was fetched, and the nearest the archive holds (coverage.json). Hugging Face's
// /papers/ itself: the archive's latest days.
(() => {
  const missing = document.querySelector("[data-archive-missing]");
  if (!missing) return;
  const root = new URL("../../", document.currentScript.src);
  const path = decodeURIComponent(window.location.pathname).slice(root.pathname.length);
  const here = (address) => window.location.replace(new URL(address, root).href);
  if (/^papers\/?$/.test(path)) return here("");
  if (/^papers\/(date|week|month)\/?$/.test(path)) return here("archive/");
  const [, paper, version] = path.match(/^papers\/(\d{4}\.\d{4,5})(v\d+)?\/?$/) ?? [];
  // The archive's page of a paper has no version; if it lacks the paper, that page says so.
  if (version) return here(`papers/${paper}/`);
  const valid = (date) => !Number.isNaN(Date.parse(`${date}T00:00:00Z`));
  const day = path.match(/^papers\/date\/(\d{4}-\d{2}-\d{2})\/?$/)?.[1];
  const week = path.match(/^papers\/week\/(\d{4}-W(?:0[1-9]|[1-4]\d|5[0-3]))\/?$/)?.[1];
  const month = path.match(/^papers\/month\/(\d{4}-(?:0[1-9]|1[0-2]))\/?$/)?.[1];
  if (!paper && !(day && valid(day)) && !week && !month) return;
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const link = (href, label) => `<a href="${escape(href)}">${escape(label)}</a>`;
  // As the pages write a date: "Monday 2 June 2025".
  const long = (date) => {
    const at = new Date(`${date}T00:00:00Z`);
    const part = (options) => at.toLocaleDateString("en-GB", { ...options, timeZone: "UTC" });
    return `${part({ weekday: "long" })} ${part({ day: "numeric", month: "long", year: "numeric" })}`;
  };
  const monthName = (key) => new Date(`${key}-01T00:00:00Z`)
    .toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
  // A day's ISO week, as the archive's week pages are named: 2025-09-30 -> "2025-W40".
  const weekOf = (date) => {
    const at = new Date(`${date}T00:00:00Z`);
    at.setUTCDate(at.getUTCDate() + 3 - ((at.getUTCDay() + 6) % 7)); // the week's Thursday
    const year = at.getUTCFullYear();
    const number = Math.floor((at - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
    return `${year}-W${String(number).padStart(2, "0")}`;
  };
  const show = (html) => { missing.innerHTML = html; };

  if (paper) {
    show(`<p>The archive holds no paper with the arXiv id <strong>${escape(paper)}</strong>:
      Hugging Face's Daily Papers did not list it on a day the archive has fetched.</p>
      <ul>
        <li>${link(`https://huggingface.co/papers/${paper}`, `Look for ${paper} on Hugging Face`)}</li>
        <li>${link(`https://arxiv.org/abs/${paper}`, `Look for ${paper} on arXiv`)}</li>
      </ul>`);
  }
  fetch(new URL("coverage.json", root)).then((response) => response.json()).then(({ days }) => {
    const held = days.filter((d) => d.held > 0).map((d) => d.date);
    if (paper) {
      const month = `20${paper.slice(0, 2)}-${paper.slice(2, 4)}`;
      if (held.some((date) => date.startsWith(month))) {
        // An id's first four digits are the month it reached arXiv; HF lists papers soon after.
        missing.insertAdjacentHTML("beforeend", `<p>Hugging Face lists papers soon after they
          reach arXiv: see the archive's papers listed in ${link(new URL(`papers/month/${month}/`, root).href,
            monthName(month))}.</p>`);
      }
      return;
    }
    // The period asked for, how periods of its kind are named, and those the archive holds.
    const kind = day ? "date" : week ? "week" : "month";
    const key = day ?? week ?? month;
    const [name, all] = {
      date: [long, held],
      week: [(w) => `Week ${Number(w.slice(6))}, ${w.slice(0, 4)}`, held.map(weekOf)],
      month: [monthName, held.map((d) => d.slice(0, 7))],
    }[kind];
    const periods = [...new Set(all)].sort();
    const known = day && days.find((d) => d.date === day);
    const why = !day ? "has no day the archive holds"
      : !known ? "is outside the days the archive covers"
        : known.status === "missing" ? "has not been fetched from Hugging Face yet"
          : "had no papers listed on Hugging Face";
    const page = (period) => new URL(`papers/${kind}/${period}/`, root).href;
    const before = periods.filter((period) => period < key).at(-1);
    const after = periods.find((period) => period > key);
    const near = [before && `<li>Before it: ${link(page(before), name(before))}</li>`,
      after && `<li>After it: ${link(page(after), name(after))}</li>`].filter(Boolean);
    const plural = { date: "days", week: "weeks", month: "months" }[kind];
    show(`<p>${escape(name(key))} ${why}.</p>
      <p>${link(`https://huggingface.co/papers/${kind}/${key}`,
        `The ${kind === "date" ? "day" : kind} on Hugging Face`)}</p>
      ${near.length ? `<p>The nearest ${plural} the archive holds:</p><ul>${near.join("")}</ul>` : ""}`);
  }).catch(() => {});
})();

// Cards and paper pages: a thumbnail that fails to load (HF's image host unreachable) gives its
// place to a plain tinted box of the same size: no broken-image icon, and nothing below it moves.
(() => {
  const drop = (image) => {
    const box = document.createElement("span");
    box.className = image.className;
    box.setAttribute("aria-hidden", "true");
    image.replaceWith(box);
  };
  for (const image of document.querySelectorAll(".paper-card__image, .paper-image")) {
    if (image.complete && !image.naturalWidth) drop(image);
    else image.addEventListener("error", () => drop(image));
  }
})();

// Listing pages: "Only papers with code" (in the page, above its cards) shows the cards of
// papers with a code repository alone, on this page and, through the address (?code), on any
// page it is shared or reloaded, and on the listing pages its links lead to (the next day, the
// week, a topic's next page), where the reader expects the filter they chose to stay on.
(() => {
  const box = document.querySelector(".paper-filter input");
  if (!box) return;
  const grids = [...document.querySelectorAll(".paper-cards:not(.paper-cards--related)")];
  const cards = grids.flatMap((grid) => [...grid.children]);
  const listing = /\/(papers\/(date|week|month)\/[^/]+|(topics|organizations)\/[^/]+(\/page\/\d+)?)\/$/;
  const withCode = (address) => {
    const url = new URL(address, window.location.href);
    if (box.checked) url.searchParams.set("code", ""); else url.searchParams.delete("code");
    return url.href.replace(/code=(&|$)/, "code$1");
  };
  const apply = () => {
    for (const card of cards) card.hidden = box.checked && !card.hasAttribute("data-code");
    for (const grid of grids) {
      // A month of a topic page with none left says so rather than leaving a heading alone.
      grid.dataset.empty = String(![...grid.children].some((card) => !card.hidden));
    }
    for (const link of document.querySelectorAll(".md-content a[href]")) {
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin || !listing.test(url.pathname)) continue;
      const kept = withCode(link.href);
      if (kept !== link.href) link.href = kept;
    }
  };
  box.checked = new URLSearchParams(window.location.search).has("code");
  box.addEventListener("change", () => {
    window.history.replaceState(window.history.state, "", withCode(window.location.href));
    apply();
  });
  apply();
})();

// Trends: a chart wider than the screen starts scrolled to its newest month, at the right.
(() => {
  for (const chart of document.querySelectorAll(".trend-scroll")) {
    chart.scrollLeft = chart.scrollWidth;
  }
})();
