// Finds loop instructions in step texts ("Repeat steps 3-5", "go back to step 2", "return to
// step 7", "repeat step 14 & 15") and returns the written step numbers they point at.
// Returns [] for a text without such a reference. Ranges ("3-5", "3 – 5", "3 to 5") expand.
// Assumes step numbers refer to the procedure's own written numbering.

const LOOP = /\b(?:repeat(?:ing)?|go(?:ing)?\s+back\s+to|go\s+to|return(?:ing)?\s+to|back\s+to)\s+steps?\s+((?:\d+)(?:\s*(?:-|–|—|to|through|and|&|,|or)\s*\d+)*)/gi;

export function loopTargets(text: string): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(LOOP)) {
    const spec = m[1] ?? "";
    const parts = spec.split(/\s*(?:and|&|,|or)\s*/i);
    for (const part of parts) {
      const range = /^(\d+)\s*(?:-|–|—|to|through)\s*(\d+)$/i.exec(part.trim());
      if (range) {
        const a = Number(range[1]);
        const b = Number(range[2]);
        if (b >= a && b - a <= 1000) for (let i = a; i <= b; i++) out.add(i);
      } else if (/^\d+$/.test(part.trim())) out.add(Number(part.trim()));
    }
  }
  return [...out].sort((a, b) => a - b);
}
