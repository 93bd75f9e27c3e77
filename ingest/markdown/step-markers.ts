// Markers inside the text of a written step that the Markdown importer turns into structure:
// - optional steps: "(optional)" or "[optional]" at the start or the end of the text, or
//   "optional:" / "optional -" at the start (any case). The marker is removed from the text
//   (the rest starts with a capital letter) and the step is marked optional;
// - references to a section of the document, which make the step link to that section's
//   sub-procedure: a Markdown link to its anchor, "[Master mix](#master-mix)", or a
//   parenthesised "(see Master mix)" naming its heading. A parenthesised reference is removed
//   from the text; a bare link keeps its label ("Prepare the [master mix](#master-mix)" →
//   "Prepare the master mix"). A reference to something that is not a section stays as written.
// Returns the cleaned text and what was found; never throws.
import { slugify } from "../files/slug.js";

const LEADING = /^\s*(?:\(\s*optional\s*\)|\[\s*optional\s*\]|optional\s*[:\-–—])\s*/i;
const TRAILING = /\s*(?:\(\s*optional\s*\)|\[\s*optional\s*\])\s*([.;!]?)\s*$/i;

export function optionalMarker(text: string): { text: string; optional: boolean } {
  if (LEADING.test(text)) {
    const rest = text.replace(LEADING, "");
    return { text: rest.charAt(0).toUpperCase() + rest.slice(1), optional: true };
  }
  if (TRAILING.test(text)) return { text: text.replace(TRAILING, "$1"), optional: true };
  return { text, optional: false };
}

/** A section a step may refer to: its heading and the anchor Markdown renderers give it. */
export interface SectionRef {
  title: string;
  anchor: string;
}

export function sectionRef(title: string): SectionRef {
  return { title, anchor: slugify(title, 200) };
}

const LINK = /\[([^\]]*)\]\(#([^)\s]+)\)/g;
const SEE = /\s*\(\s*(?:see(?:\s+also)?|cf\.?|details\s*:?|→)\s*:?\s+((?:\[[^\]]*\]\(#[^)\s]+\)|[^()])*?)\s*\)/gi;

/**
 * The sections `text` refers to (indexes into `sections`, in order of appearance) and the text
 * with those references removed.
 */
export function sectionReferences(text: string, sections: readonly SectionRef[]): { text: string; sections: number[] } {
  const found: number[] = [];
  const note = (i: number): void => {
    if (i >= 0 && !found.includes(i)) found.push(i);
  };
  const byAnchor = (anchor: string): number => sections.findIndex((s) => s.anchor === anchor.toLowerCase());
  const byTitle = (name: string): number => {
    const key = slugify(name, 200);
    return key === "" ? -1 : sections.findIndex((s) => s.anchor === key);
  };
  let out = text.replace(SEE, (whole, inner: string) => {
    const links = [...inner.matchAll(LINK)];
    const i = links.length > 0 ? byAnchor(links[0]![2]!) : byTitle(inner.replace(/^(?:the\s+)?(?:section\s+)?/i, "").replace(/\s+section$/i, ""));
    if (i < 0) return whole;
    note(i);
    return "";
  });
  out = out.replace(LINK, (whole, label: string, anchor: string) => {
    const i = byAnchor(anchor);
    if (i < 0) return whole;
    note(i);
    return label;
  });
  return { text: out.replace(/\s+([.,;:!])/g, "$1").replace(/\s{2,}/g, " ").trim(), sections: found };
}
