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
