// Search by meaning, in the reader's browser: the query becomes a vector with the archive's
// static model (scraper/deriving/embedding_model, as scraper/deriving/embedding.py does it in Python: BERT's
// uncased WordPiece tokens looked up in one table and averaged), then every paper is scored
// against one bit a dimension of its vector (scraper/deriving/search.py's meaning.bin). search.js loads
// this file, the vocabulary and the bits only once the reader searches, and each query fetches
// the parts of the table its tokens need; the browser keeps them all.
((root) => {
  const CJK = [[0x4e00, 0x9fff], [0x3400, 0x4dbf], [0x20000, 0x2a6df], [0x2a700, 0x2b73f],
    [0x2b740, 0x2b81f], [0x2b920, 0x2ceaf], [0xf900, 0xfaff], [0x2f800, 0x2fa1f]];
  const SPACE = /^[\t\n\r\p{Zs}\p{Zl}\p{Zp}]$/u;
  const OTHER = /^\p{C}$/u;
  const MARK = /\p{Mn}/gu;
  const PUNCTUATION = /^[!-/:-@[-`{-~\p{P}]$/u;

  // As Hugging Face tokenizers' BertNormalizer, then BertPreTokenizer.
  const normalise = (text) => {
    let out = "";
    for (const char of text) {
      const code = char.codePointAt(0);
      if (SPACE.test(char)) out += " ";
      else if (code === 0xfffd || OTHER.test(char)) continue;
      else if (CJK.some(([low, high]) => code >= low && code <= high)) out += ` ${char} `;
      else out += char;
    }
    let lowered = "";
    for (const char of out.normalize("NFD").replace(MARK, "")) lowered += char.toLowerCase();
    return lowered;
  };
  const words = (text) => {
    const found = [];
    for (const chunk of normalise(text).split(" ")) {
      let word = "";
      for (const char of chunk) {
        if (PUNCTUATION.test(char)) {
          if (word) found.push(word);
          found.push(char);
          word = "";
        } else {
          word += char;
        }
      }
      if (word) found.push(word);
    }
    return found;
  };

  // An IEEE half-precision float (the model's token scales: positive and finite).
  const float16 = (bits) => {
    const exponent = (bits >> 10) & 31;
    const fraction = bits & 1023;
    const size = exponent ? 2 ** (exponent - 15) * (1 + fraction / 1024) : 2 ** -14 * (fraction / 1024);
    return bits >> 15 ? -size : size;
  };

  // `part(n)` gives (a promise of) the table's n-th part, as scraper/deriving/embedding.py's
  // table_parts cuts it: the scales of `rowsPerPart` tokens, then their rows. A part is
  // fetched when a text first has one of its tokens, and kept.
  const model = (vocabText, meta, rowsPerPart, part) => {
    const vocab = new Map();
    vocabText.split("\n").slice(0, meta.tokens).forEach((token, i) => vocab.set(token, i));
    const half = meta.dims / 2;
    const parts = new Map();
    const rowsOf = (n) => {
      if (!parts.has(n)) {
        const read = Promise.resolve(part(n)).then((buffer) => {
          const count = buffer.byteLength / (2 + half);
          const halves = new DataView(buffer, 0, count * 2);
          const scales = Float32Array.from({ length: count }, (_, i) => float16(halves.getUint16(2 * i, true)));
          return { scales, packed: new Uint8Array(buffer, count * 2) };
        });
        // A part that failed to arrive is asked for again by the next search.
        read.catch(() => parts.delete(n));
        parts.set(n, read);
      }
      return parts.get(n);
    };
    const pieces = (word) => {
      if ([...word].length > meta.max_word_chars) return [];
      const ids = [];
      let start = 0;
      while (start < word.length) {
        let end = word.length;
        let id;
        while (end > start) {
          const piece = start === 0 ? word.slice(0, end) : `##${word.slice(start, end)}`;
          id = vocab.get(piece);
          if (id !== undefined) break;
          end--;
          // Never split a surrogate pair: Python slices by code point.
          if (end > start && /[\udc00-\udfff]/.test(word[end])) end--;
        }
        if (id === undefined) return [];
        ids.push(id);
        start = end;
      }
      return ids.filter((id) => id !== meta.unk);
    };
    const tokenIds = (text) => {
      const ids = [];
      for (const word of words(text)) {
        ids.push(...pieces(word));
        if (ids.length >= meta.max_tokens) break;
      }
      return ids.slice(0, meta.max_tokens);
    };
    const embed = async (text) => {
      const vector = new Float32Array(meta.dims);
      const ids = tokenIds(text);
      const rows = await Promise.all(ids.map((id) => rowsOf(Math.floor(id / rowsPerPart))));
      ids.forEach((id, k) => {
        const { scales, packed } = rows[k];
        const at = id % rowsPerPart;
        const scale = scales[at];
        for (let j = 0; j < half; j++) {
          const byte = packed[at * half + j];
          vector[2 * j] += ((byte & 15) - 8) * scale;
          vector[2 * j + 1] += ((byte >> 4) - 8) * scale;
        }
      });
      let norm = 0;
      for (const value of vector) norm += value * value;
      norm = Math.sqrt(norm);
      if (norm) for (let i = 0; i < vector.length; i++) vector[i] /= norm;
      return { vector, known: ids.length };
    };
    return { tokenIds, embed };
  };

  // Paper numbers best first: the query's vector (less the archive's mean) against each
  // paper's bits (+1 above the mean, -1 below), a byte at a time through a table of the 256 sums each byte can give.
  const rank = (query, bits, [from, to], limit) => {
    const dims = query.length;
    const bytes = dims / 8;
    const sums = new Float32Array(bytes * 256);
    for (let b = 0; b < bytes; b++) {
      for (let value = 0; value < 256; value++) {
        let sum = 0;
        for (let j = 0; j < 8; j++) sum += (value >> j) & 1 ? query[8 * b + j] : -query[8 * b + j];
        sums[b * 256 + value] = sum;
      }
    }
    const scores = new Float32Array(to);
    for (let n = from; n < to; n++) {
      let score = 0;
      const at = n * bytes;
      for (let b = 0; b < bytes; b++) score += sums[b * 256 + bits[at + b]];
      scores[n] = score;
    }
    const best = [];
    for (let n = from; n < to; n++) {
      if (best.length < limit || scores[n] > scores[best[best.length - 1]]) {
        let i = Math.min(best.length, limit - 1);
        best[i] = n;
        while (i > 0 && scores[best[i]] > scores[best[i - 1]]) {
          [best[i], best[i - 1]] = [best[i - 1], best[i]];
          i--;
        }
      }
    }
    return best;
  };

  // The model's vocabulary and the bits of the manifest's index, fetched once; the parts of
  // its table as queries need them. The binary files come gzipped (hosts compress only text);
  // a host that unpacked them on the way is fine too.
  const load = async (base, meaning) => {
    const get = async (path, kind) => {
      const response = await fetch(new URL(path, base));
      if (!response.ok) throw new Error(`${response.status} ${path}`);
      return response[kind]();
    };
    const unpack = async (path) => {
      const packed = await get(path, "arrayBuffer");
      const head = new Uint8Array(packed, 0, 2);
      if (head[0] !== 0x1f || head[1] !== 0x8b) return packed;
      const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).arrayBuffer();
    };
    const [meta, vocabText, file] = await Promise.all([
      get(`${meaning.model}model.json`, "json"), get(`${meaning.model}vocab.txt`, "text"),
      unpack(meaning.bits),
    ]);
    const { embed } = model(vocabText, meta, meaning.rowsPerPart,
      (n) => unpack(`${meaning.rows}${n}.bin.gz`));
    const mean = new Float32Array(file, 0, meta.dims);
    const bits = new Uint8Array(file, meta.dims * 4);
    const count = bits.length / (meta.dims / 8);
    const meanLength = Math.hypot(...mean) || 1;
    return {
      // Paper numbers within [from, to) (a year or a month of the index), best first; none for
      // words whose meaning lies outside the archive's subjects (nonsense, gardening): their
      // vector points away from the archive's mean (the manifest's `domain`, bench/trust.py).
      // Rejected when a part of the model cannot be fetched (asked again by the next search).
      search: async (query, limit, range) => {
        const { vector, known } = await embed(query);
        if (!known) return [];
        let along = 0;
        for (let i = 0; i < vector.length; i++) along += vector[i] * mean[i];
        if (along / meanLength < (meaning.domain ?? -1)) return [];
        // Measured from the archive's mean, as the bits are (bench/meaning.py: MRR 0.62 to 0.64).
        for (let i = 0; i < vector.length; i++) vector[i] -= mean[i];
        return rank(vector, bits, range ?? [0, count], limit);
      },
    };
  };

  root.ArchiveMeaning = { words, model, rank, load };
})(globalThis);
