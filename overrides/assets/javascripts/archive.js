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
