// Step and procedure ids made from free text: lower-case ASCII words joined by "-", at most
// `max` characters, made unique within one procedure by a numeric suffix ("-2", "-3", ...).
// Returns ids that satisfy IdSchema; text with no letters or digits becomes `fallback`.

export function slugify(text: string, max = 60): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const lastDash = cut.lastIndexOf("-");
  return (lastDash > max / 2 ? cut.slice(0, lastDash) : cut).replace(/-+$/g, "");
}

/** A slug generator that never returns the same id twice; `fallback` is used for empty slugs. */
export function uniqueSlugger(fallback = "step", max = 60): (text: string) => string {
  const used = new Set<string>();
  return (text: string) => {
    const base = slugify(text, max) || fallback;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
}

// Words left out of readable step ids: articles anywhere, and function words at the end (an id
// cut at a word boundary should not end in "to" or "of").
const ARTICLES = new Set(["a", "an", "the"]);
const TRAILING = new Set(["a", "an", "the", "to", "of", "on", "in", "into", "onto", "at", "by", "for", "from", "with", "and", "or", "as", "if", "then"]);

/**
 * A short, readable step id: the slug of the text without articles, at most `max` characters,
 * cut at a word boundary (never inside a word, unless the first word alone is longer) and never
 * ending on a function word: "Thaw the reagents on ice." → "thaw-reagents-on-ice".
 */
export function readableSlug(text: string, max = 40): string {
  const words = slugify(text, 100_000).split("-").filter((w) => w !== "" && !ARTICLES.has(w));
  const kept: string[] = [];
  let length = 0;
  for (const w of words) {
    const added = length === 0 ? w.length : length + 1 + w.length;
    if (added > max) {
      if (kept.length === 0) kept.push(w.slice(0, max));
      break;
    }
    kept.push(w);
    length = added;
  }
  while (kept.length > 1 && TRAILING.has(kept[kept.length - 1]!)) kept.pop();
  return kept.join("-");
}

/** Like uniqueSlugger, with readableSlug: unique readable step ids ("mix", "mix-2"). */
export function uniqueReadableSlugger(fallback = "step", max = 40): (text: string) => string {
  const used = new Set<string>();
  return (text: string) => {
    const base = readableSlug(text, max) || fallback;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
}
