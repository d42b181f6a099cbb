// The archive's search: one index over every paper (scraper/deriving/search.py writes it), cut into small
// files so a query downloads only the chunks of its words and the papers it shows. Nothing loads
// until the box is used. The header box suggests as you type; Enter opens /search/?q=…, a full
// results page whose address can be shared. Below the keyword matches, papers related by
// meaning (meaning.js, loaded with the model's vocabulary when a search first needs it).
(() => {
  const TITLE = 1, AUTHOR = 2;
  const SHOWN = 8, PAGE = 20, RERANK = 20, MEANING_SHOWN = 5, MEANING_PAGE = 10;
  // Search by meaning waits until the reader stops typing this long: each half-typed word
  // would fetch parts of the model of its own (three times the bytes of the finished query).
  const MEANING_PAUSE = 400;

  // Words as scraper/deriving/search.py's `tokens` makes them: accents, case and plural "s" dropped.
  // Lengths in characters, as Python counts them (an astral letter is two UTF-16 units).
  const stem = (word) => {
    const length = [...word].length;
    if (length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
    if (length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) {
      return word.slice(0, -1);
    }
    return word;
  };
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  const words = (text) => fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  const tokens = (text) => words(text).map(stem);
  // A title or a name as the index folds it, to compare a query's words with it in order.
  const asIndexed = (text) => tokens(text).join(" ");

  // The index's format (scraper/deriving/search.py): the chunk that holds a term, found by the first
  // term of each chunk in Python's order, by code point (JS's `<=` compares UTF-16 units,
  // which put U+E000–U+FFFF after the astral letters); postings `gap * 8 + fields`; votes a
  // base-36 character a paper.
  const codePoints = (text) => Array.from(text, (char) => char.codePointAt(0));
  const atMost = (a, b) => {
    if (!/[\ud800-\uffff]/.test(a + b)) return a <= b;
    const x = codePoints(a), y = codePoints(b);
    const i = x.findIndex((c, j) => c !== y[j]);
    return i < 0 || (i < y.length && x[i] < y[i]);
  };
  const chunkOf = (m, term) => {
    let low = 0, high = m.chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (atMost(m.chunks[middle], term)) low = middle; else high = middle - 1;
    }
    return low;
  };
  const decode = (postings, each) => {
    let n = 0;
    for (const posting of postings) {
      n += Math.floor(posting / 8);
      each(n, posting % 8);
    }
  };
  const votesOf = (m, n) => parseInt(m.votes[n], 36) || 0;
  // Words that match without meaning anything: a query's "them" or "makes" finds them in most
  // abstracts. They still rank, but are not marked as matches, unless the query has nothing else.
  const PLAIN = new Set(`a about above after again against all also am an and any are as at be
    because been before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers him his how i if in into is it
    its itself just make made many more most much my no nor not now of off on once only or other
    our ours out over own same she should so some such than that the their theirs them then there
    these they this those through to too under until up us use used using very via was we well
    were what when where which while who whom why will with would you your new show propose
    present based give get way work`.split(/\s+/).map(stem));
  // Spelling: the optimal string alignment distance of two words (an edit a letter added,
  // dropped, changed, or two side by side swapped), or most + 1 once it is past `most`.
  const slips = (a, b, most) => {
    const x = [...a], y = [...b];
    if (Math.abs(x.length - y.length) > most) return most + 1;
    let before = null;
    let row = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
      const next = [i];
      for (let j = 1; j <= y.length; j++) {
        let d = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
          d = Math.min(d, before[j - 2] + 1);
        }
        next.push(d);
      }
      if (Math.min(...next) > most) return most + 1;
      [before, row] = [row, next];
    }
    return row[y.length];
  };
  // The word among `words` ({word: papers}, a spelling file's) nearest to `word`: one edit
  // away, two from eight letters; of those as near, the one in most papers.
  const nearest = (word, words) => {
    const most = [...word].length >= 8 ? 2 : 1;
    let best = null, distance = most + 1, papers = 0;
    for (const [term, count] of Object.entries(words)) {
      const d = slips(word, term, most);
      if (d < distance || (d === distance && d <= most && count > papers)) {
        [best, distance, papers] = [term, d, count];
      }
    }
    return best;
  };

  // For tests/test_search_js.py, which reads an index as this script does.
  globalThis.ArchiveSearch = { tokens, stem, chunkOf, decode, votesOf, nearest };

  const form = document.querySelector("[data-archive-search]");
  if (!form) return;
  // The box itself: a WAI-ARIA combobox whose options are the best matches.
  form.innerHTML = `<input type="text" class="archive-search__input" name="q"
    placeholder="Search papers" aria-label="Search papers by title, author, abstract, arXiv id or
    link" spellcheck="false" role="combobox" aria-autocomplete="list"
    aria-controls="archive-search-results" aria-expanded="false">
    <div class="archive-search__panel" hidden>
    <p class="archive-search__status" role="status"></p>
    <div class="archive-search__results" id="archive-search-results" role="listbox"
      aria-label="Papers found" data-archive-results></div>
    <div class="archive-search__footer" data-archive-footer></div></div>`;
  const root = new URL("../../", document.currentScript.src);
  const base = new URL("search-index/", root);
  const input = form.querySelector("input");
  const panel = form.querySelector(".archive-search__panel");
  const list = form.querySelector("[data-archive-results]");
  const status = form.querySelector("[role=status]");
  const footer = form.querySelector("[data-archive-footer]");
  const resultsPage = document.querySelector("[data-archive-search-page]");

  // An arXiv id, alone or in a pasted link: 2603.07980, 2603.07980v2, arXiv:2603.07980,
  // https://huggingface.co/papers/2603.07980, https://arxiv.org/pdf/2603.07980v1.pdf, …
  const arxivId = (query) => {
    const text = query.trim();
    if (/\s/.test(text)) return null;
    return text.match(/(?:^|[^\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?\/?(?:[?#]\S*)?$/i)?.[1]
      ?? null;
  };

  // A Hugging Face listing's link, a day, a week or a month, at the same path here
  // (https://huggingface.co/papers/date/2025-09-30, …/papers/week/2025-W40, …/month/2025-09),
  // or a day's date alone (2025-09-30).
  const PERIOD = { date: /^\d{4}-\d\d-\d\d$/, week: /^\d{4}-W\d\d$/i, month: /^\d{4}-\d\d$/ };
  const listingPath = (query) => {
    const text = query.trim();
    if (PERIOD.date.test(text)) return `papers/date/${text}`;
    const [, kind = "", period] = text.match(
      /^(?:https?:\/\/)?(?:www\.)?(?:huggingface\.co|hf\.co)\/papers\/(date|week|month)\/([^/?#\s]+)\/?(?:[?#]\S*)?$/i,
    ) ?? [];
    if (!PERIOD[kind.toLowerCase()]?.test(period)) return null;
    // The archive's paths as it writes them, whatever the case of the link.
    return `papers/${kind.toLowerCase()}/${period.toUpperCase()}`;
  };

  // The index.
  let manifest = null;
  const files = new Map();
  const json = (url) => {
    if (!files.has(url)) {
      files.set(url, fetch(url).then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${url}`);
        return response.json();
      }).catch((error) => {
        files.delete(url);
        throw error;
      }));
    }
    return files.get(url);
  };
  const loadManifest = () => {
    manifest ??= fetch(new URL("manifest.json", base), { cache: "no-cache" })
      .then((response) => (response.ok ? response.json() : null))
      .catch(() => null);
    return manifest;
  };
  const chunk = (m, n) => json(new URL(`${m.version}/t/${n}.json`, base).href);
  // The words of the index's spelling file for `word`'s first letter, with their papers.
  const spelling = (m, word) => {
    const letter = /^[a-z]/.test(word) ? word[0] : "_";
    if (!m.spelling?.includes(letter)) return Promise.resolve({});
    return json(new URL(`${m.version}/s/${letter}.json`, base).href).catch(() => ({}));
  };
  const paper = async (m, n) => {
    const doc = (await json(
      new URL(`${m.version}/d/${Math.floor(n / m.docsPerFile)}.json`, base).href))[n % m.docsPerFile];
    doc.n = n; // by which a search tells where in the paper it found each word
    return doc;
  };

  // One search: papers ranked for `query`, within the numbers [from, to).
  const search = async (query, range) => {
    const m = await loadManifest();
    if (!m) return { missing: true, ranked: [], total: 0 };
    const [from, to] = range ?? [0, m.papers];
    const id = arxivId(query);
    if (id) {
      const postings = (await chunk(m, chunkOf(m, id)))[id];
      const ranked = [];
      if (postings) decode(postings, (n) => n >= from && n < to && ranked.push(n));
      return { id, ranked, total: ranked.length, full: ranked.length };
    }
    // Words too common to find anything alone (the index keeps them only in pairs) count in
    // the pairs and the phrase, not as words.
    const stop = new Set(m.stopWords);
    let sequence = tokens(query).slice(0, 24);
    const distinct = () => [...new Set(sequence.filter((word) => !stop.has(word)))].slice(0, 30);
    let query_ = distinct();
    if (!query_.length) return { ranked: [], total: 0 };
    const typed = words(query).at(-1);
    let prefix = /[\p{L}\p{N}]$/u.test(query) && typed.length >= 3 && !stop.has(typed)
      ? typed : null;
    const pairsOf = () => sequence.slice(1).map((word, i) => [sequence[i], word]);
    let pairs = pairsOf();
    const chunksOf = (terms) => new Set(terms.map((term) => chunkOf(m, term)));
    const needed = chunksOf([...query_, ...pairs.map((pair) => pair.join(" "))]);
    if (prefix) {
      const last = chunkOf(m, `${prefix}\u{10ffff}`);
      for (let n = chunkOf(m, prefix); n <= Math.min(last, chunkOf(m, prefix) + 1); n++) {
        needed.add(n);
      }
    }
    const load = async (numbers) => Object.assign(
      {}, ...await Promise.all([...numbers].map((n) => chunk(m, n))));
    const loaded = await load(needed);
    // A word the index lacks is most often a slip ("difusion", "transfomer"): the word it holds
    // nearest in spelling stands in for it, and the results say so. The word still being typed
    // keeps its chance to begin a word. A description (four words or more) stays as written:
    // its other words carry it, and a word it lacks is as often one no paper used.
    const fixes = new Map();
    for (const word of query_.length <= 3 ? query_ : []) {
      if (loaded[word] || [...word].length < 4 || /\d/.test(word)) continue;
      const beginning = prefix && word === stem(prefix)
        && Object.keys(loaded).some((term) => term.startsWith(prefix));
      if (beginning) continue;
      const fix = nearest(word, await spelling(m, word));
      if (fix) fixes.set(word, fix);
    }
    if (fixes.size) {
      sequence = sequence.map((word) => fixes.get(word) ?? word);
      query_ = distinct();
      pairs = pairsOf();
      if (prefix && fixes.has(stem(prefix))) prefix = null;
      Object.assign(loaded, await load(chunksOf(
        [...query_, ...pairs.map((pair) => pair.join(" "))])));
    }
    const score = new Float64Array(m.papers);
    const hits = new Uint32Array(m.papers);
    const byAuthor = new Uint32Array(m.papers); // the words found among its authors' names
    const idf = (postings) => Math.log(1 + m.papers / Math.max(1, postings.length));
    const weights = query_.map((word, i) => {
      const postings = loaded[word] ?? [];
      const weight = idf(postings);
      decode(postings, (n, fields) => {
        score[n] += weight * (fields & (TITLE | AUTHOR) ? 3 : 1);
        hits[n] |= 1 << i;
        if (fields & AUTHOR) byAuthor[n] |= 1 << i;
      });
      return weight;
    });
    // The word being typed, as the beginning of other words: "under" may be on its way to
    // "underwater", which tells what "under" does not. (None past the 24 words searched.)
    let beginning = 0;
    const i = prefix ? query_.indexOf(stem(typed)) : -1;
    if (i >= 0) {
      const expansions = Object.keys(loaded)
        .filter((term) => term.startsWith(prefix) && term !== query_[i] && !term.includes(" "))
        .sort((a, b) => loaded[b].length - loaded[a].length)
        .slice(0, 20);
      for (const term of expansions) {
        const weight = idf(loaded[term]) * 0.6;
        decode(loaded[term], (n, fields) => {
          if (!(hits[n] & (1 << i))) score[n] += weight * (fields & (TITLE | AUTHOR) ? 3 : 1);
          hits[n] |= 1 << i;
        });
      }
      if (expansions.some((term) => !PLAIN.has(term))) beginning = 1 << i;
    }
    // The query as the reader typed it, a word at a time (accents kept, for showing).
    const asWritten = query.normalize("NFC");
    const TYPED_WORD = /[\p{L}\p{M}\p{N}]+/gu;
    // The query as searched, each slip mended, and the slips as the reader typed them.
    const typedSlips = [];
    const mended = fixes.size ? asWritten.replace(TYPED_WORD, (word) => {
      const fix = fixes.get(stem(fold(word)));
      if (fix) typedSlips.push(word.toLowerCase());
      return fix ?? word;
    }) : query;
    const weightOf = (word) => weights[query_.indexOf(word)] ?? 0.5;
    for (const [first, second] of pairs) {
      const bonus = (weightOf(first) + weightOf(second)) * 1.5;
      decode(loaded[`${first} ${second}`] ?? [], (n) => { score[n] += bonus; });
    }
    const all = (1 << query_.length) - 1;
    // A paper with only the query's plain words ("how", "make") is no match when the query
    // has others: "how to water succulents" lists papers with "water", not every "How …".
    const telling = query_.reduce(
      (bits, word, i) => (PLAIN.has(word) ? bits : bits | (1 << i)), beginning);
    const candidates = [];
    let full = 0;
    for (let n = from; n < to; n++) {
      if (!hits[n] || (telling && !(hits[n] & telling))) continue;
      let found = 0;
      for (let bits = hits[n]; bits; bits &= bits - 1) found++;
      const coverage = found / query_.length;
      // Recent and well-upvoted papers win ties.
      const votes = votesOf(m, n);
      score[n] = score[n] * coverage * coverage + 0.02 * (votes / 36) + 0.02 * (1 - n / m.papers);
      if (hits[n] === all) full++;
      candidates.push(n);
    }
    // Papers with every word, when there are some; else those with most of them.
    const kept = full ? candidates.filter((n) => hits[n] === all) : candidates;
    kept.sort((a, b) => score[b] - score[a]);
    // The best few are read in full: an exact title, a run of the title's words or an author's
    // full name goes first.
    const top = kept.slice(0, RERANK);
    const docs = await Promise.all(top.map((n) => paper(m, n)));
    const phrase = sequence.join(" ");
    const titled = new Set();
    docs.forEach((doc, i) => {
      const title = asIndexed(doc.title);
      let bonus = 0;
      if (title === phrase) bonus = 1000;
      else if (sequence.length > 1 && ` ${title} `.includes(` ${phrase} `)) bonus = 100;
      else if (sequence.length > 1 && doc.authors.some((a) => asIndexed(a) === phrase)) {
        bonus = 50;
      }
      score[top[i]] += bonus;
      // The query is the paper's title, a run of it, or an author's full name.
      if (bonus >= 50) titled.add(top[i]);
    });
    top.sort((a, b) => score[b] - score[a]);
    const ranked = [...top, ...kept.slice(RERANK)];
    const terms = query_.filter((word) => !PLAIN.has(word));
    // Each word as the reader typed it, by its form in the index.
    const asTyped = new Map(
      (asWritten.match(TYPED_WORD) ?? []).map((word) => [stem(fold(word)), word]));
    return {
      ranked,
      total: full || ranked.length,
      full,
      terms: terms.length ? terms : query_,
      prefix: prefix && (!PLAIN.has(stem(prefix)) || !terms.length) ? prefix : null,
      // The best match is named by the query: its title, a run of it, or an author (every
      // word found among its authors' names). The model by meaning adds nothing to a name.
      title: titled.has(top[0]) || (top.length > 0 && byAuthor[top[0]] === all),
      words: query_.length,
      // The query's words in order, as the index folds them: an author it names whole is
      // marked whole ("Bingxiang He", where "he" alone is a plain word).
      phrase,
      // The words the index lacks, and the query as searched: the reader's, each slip mended.
      slips: [...new Set(typedSlips)],
      query: mended,
      // The query's words found among a paper's authors, as typed: the byline names those
      // that only its authors past the first few have.
      authorWords: (doc) => query_.filter((word, i) => byAuthor[doc.n] & (1 << i))
        .map((word) => ({ word, typed: asTyped.get(word) ?? word })),
    };
  };

  // The author view, /search/?author=Ada+Lovelace: every paper of that whole name (as the
  // index folds it: case and accents), newest first, from its one term ("@ada lovelace").
  const byAuthor = async (name, range) => {
    const m = await loadManifest();
    if (!m) return { missing: true, ranked: [], total: 0 };
    const [from, to] = range ?? [0, m.papers];
    const phrase = asIndexed(name);
    const term = `@${phrase}`;
    const ranked = [];
    if (term.length > 1) {
      decode((await chunk(m, chunkOf(m, term)))[term] ?? [], (n) => {
        if (n >= from && n < to) ranked.push(n);
      });
    }
    return {
      author: name, ranked, total: ranked.length, full: ranked.length, terms: [], phrase,
    };
  };

  // Papers by meaning: numbers best first, leaving out the keyword matches (those with every
  // word, or when none has them all, those shown). Loaded once; a browser that cannot unpack
  // the model, or a failed load, leaves the keyword matches alone for the visit.
  let meaning = null;
  const loadMeaning = async () => {
    const m = await loadManifest();
    if (!m?.meaning || typeof DecompressionStream === "undefined") return null;
    meaning ??= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL("assets/javascripts/meaning.js", root).href;
      script.onload = () => resolve(globalThis.ArchiveMeaning.load(base, m.meaning));
      script.onerror = reject;
      document.head.append(script);
    }).catch(() => null);
    return meaning;
  };
  // The model's vocabulary and the papers' bits cost over a megabyte at 50,000 papers on the
  // first search by meaning: they load when meaning can add something the keyword matches lack
  // (a description in the reader's own words, or few papers with every word), never for an id,
  // a link or a title that matched, and never unasked where the browser says the reader saves
  // data. A reader can still ask for it on the results page.
  const helpful = (query, found) => !found.id && !found.missing && !found.title
    && words(query).join("").length >= 3 && (found.words >= 4 || found.full < 3)
    && navigator.connection?.saveData !== true;
  const byMeaning = async (query, found, shown, limit, range) => {
    if (arxivId(query) || words(query).join("").length < 3) return [];
    const engine = await loadMeaning();
    if (!engine) return [];
    const skip = new Set([...shown, ...(found.full ? found.ranked : [])]);
    return (await engine.search(found.query ?? query, limit + skip.size, range))
      .filter((n) => !skip.has(n))
      .slice(0, limit);
  };

  // Reciprocal rank fusion (k = 60, the textbook value): for a description, a paper high in
  // both the keyword ranking and the ranking by meaning comes first. bench/meaning.py: the
  // box's MRR@10 0.77 against 0.64 for keywords alone on 38 reworded queries, 0.57 against
  // 0.47 on 46 judged ones.
  const FUSE_K = 60;
  const fuse = (keyword, near) => {
    const score = new Map();
    keyword.forEach((n, i) => score.set(n, 1 / (FUSE_K + i + 1)));
    near.forEach((n, i) => score.set(n, (score.get(n) ?? 0) + 1 / (FUSE_K + i + 1)));
    return [...score.keys()].sort((a, b) => score.get(b) - score.get(a));
  };
  // A search's whole ranking with its first page fused with the papers nearest in meaning,
  // the rest of the keyword matches after them: the box's suggestions are its first few, and
  // the results page its first pages, so that Enter shows first what the box showed. Only
  // when no paper has every word: papers that have them are what was asked for, and those
  // near in meaning go apart, under their own heading ("distribution-guided confid" is one
  // paper, not that paper among nine others).
  const fusedRanking = (found, near) => {
    if (found.full || !found.ranked.length || !near.length) return found.ranked;
    const first = fuse(found.ranked.slice(0, PAGE), near).slice(0, PAGE);
    const taken = new Set(first);
    return [...first, ...found.ranked.filter((n) => !taken.has(n))];
  };

  // Showing results.
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const matches = (word, found) => {
    const stemmed = stem(fold(word));
    return found.terms?.includes(stemmed) || (found.prefix && fold(word).startsWith(found.prefix));
  };
  const highlight = (text, found) => text.split(/([\p{L}\p{N}]+)/u)
    .map((part, i) => (i % 2 && matches(part, found) ? `<mark>${escape(part)}</mark>` : escape(part)))
    .join("");
  const excerpt = (text, found, length = 30) => {
    const parts = text.split(/(\s+)/);
    const wordsAt = parts.filter((_, i) => i % 2 === 0);
    const at = wordsAt.findIndex((word) => (word.match(/[\p{L}\p{N}]+/gu) ?? [])
      .some((w) => matches(w, found)));
    const start = Math.max(0, at - 8);
    const slice = wordsAt.slice(start, start + length).join(" ");
    return `${start ? "… " : ""}${highlight(slice, found)}${start + length < wordsAt.length ? " …" : ""}`;
  };
  const href = (doc) => new URL(`papers/${doc.id}/`, root).href;
  // A day as the archive's pages write it: 2026-03-10 -> "10 March 2026".
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const longDay = (day) => {
    const [year, month, date] = day.split("-").map(Number);
    return `${date} ${MONTHS[month - 1]} ${year}`;
  };
  // The first authors and how many more; on an author's page, that author among them.
  const byline = (doc, found, author) => {
    const named = (name) => (found.phrase && asIndexed(name) === found.phrase
      ? `<mark>${escape(name)}</mark>` : highlight(name, found));
    const names = doc.authors.map(named).join(", ");
    if (!doc.more) return names;
    // As the author's term of the index matches names: its words folded and stemmed.
    const key = asIndexed(author ?? "");
    if (key) {
      const hidden = !doc.authors.some((name) => asIndexed(name) === key);
      return `${names} and ${doc.more} more${hidden ? `, ${named(author)} among them` : ""}`;
    }
    // A search's words found only among the authors the byline leaves out ("Tanaka").
    const shown = new Set(doc.authors.flatMap(tokens));
    const hidden = (found.authorWords?.(doc) ?? []).filter(({ word }) => !shown.has(word));
    const among = hidden.map(({ typed }) => `“<mark>${escape(typed)}</mark>”`).join(", ");
    return `${names} and ${doc.more} more${among ? `, ${among} among them` : ""}`;
  };
  const resultHtml = (doc, found, attributes = "", author = null) => `<a class="archive-search__result"
      href="${escape(href(doc))}" ${attributes}>
      <span class="archive-search__title">${highlight(doc.title, found)}</span>
      <span class="archive-search__meta"><time datetime="${escape(doc.day)}">${longDay(doc.day)}</time>${
        doc.votes ? ` · ▲ ${Number(doc.votes)}` : ""} · ${byline(doc, found, author)}</span>
      <span class="archive-search__excerpt">${excerpt(doc.abstract, found)}</span></a>`;
  const pageUrl = (query, within, author) => {
    const url = new URL("search/", root);
    if (author) url.searchParams.set("author", author);
    else url.searchParams.set("q", query);
    if (within) url.searchParams.set("in", within);
    return url.href;
  };
  const plural = (n, word) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
  const nothing = (query, found, within) => {
    if (found.missing) {
      return "No search index here: build the site with scripts/build.";
    }
    if (found.id) {
      return `arXiv ${escape(found.id)} is not in this archive${within ? " for that period" : ""}.
        Open it on <a href="https://arxiv.org/abs/${escape(found.id)}">arXiv</a> or
        <a href="https://huggingface.co/papers/${escape(found.id)}">Hugging Face</a>.`;
    }
    const all = within ? ` <a href="${escape(pageUrl(query))}">Search all years</a> instead.` : "";
    return `No papers found for “${escape(query)}”.${all} Try fewer or other words, an author's
      full name, or an arXiv id or link.`;
  };
  const count = (query, found) => (found.full || !found.total
    ? `${plural(found.total, "paper")} found`
    : `No paper has every word; ${plural(found.total, "paper")} ha${found.total === 1 ? "s" : "ve"} some`);
  // Before the count, when a slip was mended: what was searched instead (text, for the box's
  // status; `escape` it for HTML).
  const mended = (found) => (found.slips?.length
    ? `No paper has ${found.slips.map((word) => `“${word}”`).join(" or ")}; searched for “${
      found.query.trim()}”. `
    : "");

  // The header box: a combobox whose options are the best matches.
  let latest = 0;
  // Whether the search `ticket` is still the latest after the pause before meaning.
  const paused = (ticket) => new Promise((resolve) => {
    setTimeout(() => resolve(ticket === latest), MEANING_PAUSE);
  });
  let active = -1;
  const options = () => [...list.querySelectorAll("[role=option]")];
  const open = (shown) => {
    panel.hidden = !shown;
    input.setAttribute("aria-expanded", String(shown));
    if (!shown) select(-1);
  };
  const select = (i) => {
    const all = options();
    active = all.length ? Math.max(-1, Math.min(i, all.length - 1)) : -1;
    all.forEach((option, j) => option.setAttribute("aria-selected", String(j === active)));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };
  const suggest = async () => {
    const query = input.value;
    const ticket = ++latest;
    if (!query.trim()) {
      list.dataset.query = "";
      return open(false);
    }
    const found = await search(query);
    const docs = await loadDocs(found.ranked.slice(0, SHOWN));
    if (ticket !== latest) return; // a newer query is on its way
    const option = (i) => `role="option" id="archive-search-option-${i}" aria-selected="false"`;
    list.innerHTML = docs.map((doc, i) => resultHtml(doc, found, option(i))).join("");
    footer.innerHTML = docs.length
      ? (found.total > SHOWN
        ? `<a class="archive-search__all" href="${escape(pageUrl(query.trim()))}">All ${
          plural(found.total, "result")}</a>`
        : "")
      : `<p class="archive-search__none">${nothing(query.trim(), found)}</p>`;
    status.textContent = docs.length ? `${mended(found)}${count(query, found)}` : "No papers found";
    list.dataset.query = query.trim();
    active = -1;
    open(true);
    if (!helpful(query, found) || !await paused(ticket)) return;
    // A description: once the model is here, the suggestions are the keyword and meaning
    // rankings fused (unless the reader has begun to move through them), then the papers
    // related by meaning that they leave out. A part of the model that fails to arrive
    // leaves the keyword suggestions as they are.
    const engine = await loadMeaning();
    if (!engine || ticket !== latest) return;
    const near = await engine.search(found.query ?? query, MEANING_PAGE).catch(() => null);
    if (!near || ticket !== latest) return;
    let top = found.ranked.slice(0, SHOWN);
    const ranking = fusedRanking(found, near);
    if (ranking !== found.ranked && active < 0) {
      top = ranking.slice(0, SHOWN);
      const fused = await loadDocs(top);
      if (ticket !== latest) return;
      list.innerHTML = fused.map((doc, i) => resultHtml(doc, found, option(i))).join("");
    }
    const numbers = await byMeaning(query, found, top, MEANING_SHOWN).catch(() => []);
    const related = await loadDocs(numbers);
    if (ticket !== latest || !related.length) return;
    const first = top.length;
    list.insertAdjacentHTML("beforeend", `<div role="group" aria-labelledby="archive-search-meaning">
      <div class="archive-search__group" id="archive-search-meaning" role="presentation">Related by meaning</div>
      ${related.map((doc, i) => resultHtml(doc, found, option(first + i))).join("")}</div>`);
    status.textContent = `${docs.length ? `${mended(found)}${count(query, found)}` : "No papers found"}; ${
      plural(related.length, "paper")} related by meaning`;
  };
  const loadDocs = async (numbers) => {
    const m = await loadManifest();
    return m ? Promise.all(numbers.map((n) => paper(m, n))) : [];
  };

  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(resultsPage ? retyped : suggest, 80);
  });
  input.addEventListener("focus", () => {
    loadManifest(); // while the reader types
    if (input.value.trim() && !resultsPage && list.dataset.query) open(true);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (!query) return;
    const option = options()[active];
    if (option && !panel.hidden) return option.click();
    // Swap the host: a day's, week's or month's page here (a day the archive lacks: the
    // 404 page's nearest days).
    const listing = listingPath(query);
    if (listing) return window.location.assign(new URL(`${listing}/`, root).href);
    // An arXiv id or a pasted link the archive holds opens its paper.
    const id = arxivId(query);
    const opening = id ? search(query) : Promise.resolve(null);
    opening.then((found) => {
      if (found?.ranked.length) window.location.assign(href({ id }));
      else if (resultsPage) commit();
      else window.location.assign(pageUrl(query));
    });
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      open(false);
    } else if (event.key === "ArrowDown" && !resultsPage) {
      event.preventDefault();
      if (panel.hidden && list.dataset.query) open(true);
      select(active + 1);
    } else if (event.key === "ArrowUp" && !resultsPage) {
      event.preventDefault();
      select(active - 1);
    }
  });
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) open(false);
  });
  document.addEventListener("keydown", (event) => {
    // "/" or "s" focuses the search box, as in Material.
    if ((event.key === "/" || event.key === "s") && document.activeElement === document.body) {
      event.preventDefault();
      input.focus();
    }
  });

  // The results page, /search/?q=…&in=2025 (or 2025-03): every match, twenty at a time. Each
  // query and each filter is an entry in the history: Back returns to the one before, with as
  // many results shown, and scrolled as far, as the reader left it.
  let retyped = () => {};
  let commit = () => {};
  if (resultsPage) {
    const scope = resultsPage.querySelector("select");
    const summary = resultsPage.querySelector("[data-archive-count]");
    const results = resultsPage.querySelector("[data-archive-page-results]");
    const more = resultsPage.querySelector("[data-archive-more]");
    const related = resultsPage.querySelector("[data-archive-meaning]");
    const relatedList = related?.querySelector("ol");
    const ask = resultsPage.querySelector("[data-archive-meaning-ask]");
    // The page's heading names the author it shows (its text, not its permalink).
    const heading = document.querySelector(".md-content h1")?.firstChild;
    const searchHeading = heading?.nodeValue;
    // The page's introduction is the search's: an author's papers go without it (a class on
    // the root, which the page itself sets before it is painted for an author's address).
    const authorView = (on) => document.documentElement.classList.toggle("archive-author-view", on);
    let ranked = [], shown = 0, found = null, typing = false, author = null, fused = false;
    window.history.scrollRestoration = "manual";
    const remember = () => window.history.replaceState(
      { shown, scroll: window.scrollY, fused }, "", window.location.href);
    const fromAddress = () => {
      const params = new URLSearchParams(window.location.search);
      author = params.get("author")?.trim() || null;
      input.value = params.get("q") ?? "";
      return params.get("in") ?? "";
    };
    const month = (key) => new Date(`${key}-01T00:00:00Z`)
      .toLocaleDateString("en", { month: "long", year: "numeric", timeZone: "UTC" });
    const range = (m, within) => {
      if (!within) return null;
      const keys = Object.keys(m.months); // newest first, as the papers are numbered
      const inside = keys.filter((key) => key.startsWith(within));
      if (!inside.length) return [0, 0];
      const after = keys[keys.indexOf(inside.at(-1)) + 1];
      return [m.months[inside[0]], after ? m.months[after] : m.papers];
    };
    const fillScope = async (within) => {
      const m = await loadManifest();
      if (m && scope.options.length === 1) {
        const years = new Map();
        for (const key of Object.keys(m.months)) {
          if (!years.has(key.slice(0, 4))) years.set(key.slice(0, 4), []);
          years.get(key.slice(0, 4)).push(key);
        }
        for (const [year, months] of years) {
          const group = document.createElement("optgroup");
          group.label = year;
          group.append(new Option(`All of ${year}`, year),
            ...months.map((key) => new Option(month(key), key)));
          scope.append(group);
        }
      }
      if (within !== undefined) scope.value = within;
    };
    const period = (within) => (within
      ? ` in ${escape(within.length > 4 ? month(within) : within)}` : "");
    // A search's results become the page's: its first papers (as many as were shown when the
    // reader left, on Back), unless a newer search has begun (then null).
    const adopt = async (result, ticket, state, ranking = result.ranked) => {
      const docs = await loadDocs(ranking.slice(0, Math.max(PAGE, state?.shown ?? 0)));
      if (ticket !== latest) return null;
      found = result;
      ranked = ranking;
      fused = ranking !== result.ranked;
      shown = docs.length;
      results.innerHTML = "";
      return docs;
    };
    // For a description, the first page ranked by words and meaning together (fusedRanking),
    // or null: no model, nothing near enough in meaning, no keyword match to fuse with, or
    // papers with every word.
    const withMeaning = async (query, result, numbers) => {
      const engine = result.ranked.length && !result.full ? await loadMeaning() : null;
      const near = engine && await engine.search(result.query ?? query, MEANING_PAGE, numbers)
        .catch(() => null);
      const ranking = near && fusedRanking(result, near);
      return ranking !== result.ranked ? ranking : null;
    };
    const counted = (query, within) => `${escape(mended(found))}${count(query, found)}${
      period(within)}.${fused ? " The first are ranked by their words and meaning together." : ""}`;
    const render = async (docs) => {
      results.insertAdjacentHTML("beforeend", docs.map((doc) => `<li>${
        resultHtml(doc, found, "", author)}</li>`).join(""));
      more.hidden = shown >= ranked.length;
    };
    // how: "push" a new history entry, "replace" the current one, or "restore" what it holds.
    const showPage = async (how) => {
      const query = input.value.trim();
      const within = scope.value;
      const ticket = ++latest;
      const url = pageUrl(query, within, author);
      const state = how === "restore" ? window.history.state : null;
      if (how === "push" && url !== window.location.href) {
        window.history.pushState({ shown: PAGE, scroll: 0 }, "", url);
      } else if (how === "replace" && url !== window.location.href) {
        window.history.replaceState({ shown: PAGE, scroll: 0 }, "", url);
      }
      const site = document.title.split(" - ").at(-1);
      document.title = author ? `Papers by ${author} - ${site}`
        : `${query ? `${query} - Search - ` : ""}${site}`;
      if (heading) heading.nodeValue = author ? `Papers by ${author}` : searchHeading;
      authorView(Boolean(author));
      if (related) related.hidden = true;
      if (ask) ask.hidden = true;
      if (author) {
        await showAuthor(ticket, within, state);
        return;
      }
      if (!query) {
        summary.textContent = "Type a few title words, an author's name, an arXiv id or link.";
        results.innerHTML = "";
        more.hidden = true;
        return;
      }
      const m = await loadManifest();
      const numbers = m && range(m, within);
      const result = await search(query, numbers);
      // Back to a page whose first results were ranked with meaning: ranked so again before
      // they show, so the reader finds the list, and the place in it, as they left it.
      const restored = state?.fused && related && helpful(query, result)
        && await withMeaning(query, result, numbers);
      const docs = await adopt(result, ticket, state, restored || result.ranked);
      if (!docs) return;
      summary.innerHTML = docs.length ? counted(query, within) : nothing(query, found, within);
      list.dataset.query = query;
      await render(docs);
      if (state?.scroll) window.scrollTo(0, state.scroll);
      if (!related) return;
      // A query outside the archive's subjects gets no papers by meaning, whatever comes
      // nearest: unasked, nothing shows; asked, the page says so.
      const none = related.querySelector("[data-archive-meaning-none]");
      const meaningNow = async (asked) => {
        if (ask) ask.hidden = true;
        // Unasked (a description), the first page is ranked again with meaning, as the box's
        // suggestions are, unless the reader has already asked for more results.
        if (!asked && !fused && shown <= PAGE) {
          const ranking = await withMeaning(query, result, numbers);
          if (ticket !== latest) return;
          if (ranking) {
            const first = await adopt(result, ticket, null, ranking);
            if (!first) return;
            summary.innerHTML = counted(query, within);
            await render(first);
            remember();
          }
        }
        const closest = await byMeaning(query, result, ranked.slice(0, shown), MEANING_PAGE,
          numbers).catch(() => null);
        // A part of the model that failed to arrive: not "nothing comes close"; ask again.
        if (!closest) {
          if (ticket === latest && ask) ask.hidden = false;
          return;
        }
        const near = await loadDocs(closest);
        if (ticket !== latest || (!near.length && !asked)) return;
        relatedList.innerHTML = near.map((doc) => `<li>${resultHtml(doc, found)}</li>`).join("");
        if (none) none.hidden = near.length > 0;
        related.hidden = false;
      };
      if (helpful(query, result)) {
        if (await paused(ticket)) await meaningNow(false);
      }
      else if (ask && !result.id && !result.missing) {
        ask.onclick = () => meaningNow(true);
        ask.hidden = false;
      }
    };
    // An author's papers, newest first, twenty at a time as any results.
    const showAuthor = async (ticket, within, state) => {
      const m = await loadManifest();
      const result = await byAuthor(author, m && range(m, within));
      const docs = await adopt(result, ticket, state);
      if (!docs) return;
      const asWords = `<a href="${escape(pageUrl(author, within))}">Search for “${escape(author)}”</a>`;
      summary.innerHTML = result.missing ? nothing(author, result, within)
        : docs.length ? `${plural(result.total, "paper")} by ${escape(author)}${period(within)} in this
          archive, newest first. ${asWords} as words to find papers that spell the name another way.`
          : `No paper by ${escape(author)}${period(within)} in this archive. ${asWords} instead.`;
      await render(docs);
      if (state?.scroll) window.scrollTo(0, state.scroll);
    };
    // The first keystroke of a new query is a new entry; the rest of its typing replaces it.
    retyped = () => {
      author = null;
      showPage(typing ? "replace" : "push");
      typing = true;
    };
    commit = () => {
      author = null;
      typing = false;
      showPage("replace");
    };
    more.addEventListener("click", async () => {
      const next = ranked.slice(shown, shown + PAGE);
      shown += next.length;
      await render(await loadDocs(next));
      remember();
      results.querySelectorAll("li")[shown - next.length]?.querySelector("a")?.focus();
    });
    let settled;
    window.addEventListener("scroll", () => {
      clearTimeout(settled);
      settled = setTimeout(remember, 200);
    }, { passive: true });
    resultsPage.addEventListener("click", (event) => {
      if (event.target.closest("a")) remember();
    });
    scope.addEventListener("change", () => {
      typing = false;
      showPage("push");
    });
    window.addEventListener("popstate", async () => {
      typing = false;
      await fillScope(fromAddress());
      showPage("restore");
    });
    fillScope(fromAddress()).then(() => showPage("restore"));
  }
})();
