// Finds loop instructions in step texts and returns the written step numbers they make
// repeatable: "Repeat steps 3-5" → 3, 4, 5; "Repeat step 14 & 15" → 14, 15; "go back to
// step 2" / "return to step 2" (said at step 5) → 2, 3, 4, 5 — going back re-runs every step
// from the target to the current one. Returns [] for a text without such a reference.
// Assumes step numbers refer to the procedure's own written numbering.

const LOOP = /\b(repeat(?:ing)?|go(?:ing)?\s+back\s+to|go\s+to|return(?:ing)?\s+to|back\s+to)\s+steps?\s+((?:\d+)(?:\s*(?:-|–|—|to|through|and|&|,|or)\s*\d+)*)/gi;

export function loopTargets(text: string, currentNumber?: number): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(LOOP)) {
    const goBack = !/^repeat/i.test(m[1] ?? "");
    const spec = m[2] ?? "";
    const found: number[] = [];
    for (const part of spec.split(/\s*(?:and|&|,|or)\s*/i)) {
      const range = /^(\d+)\s*(?:-|–|—|to|through)\s*(\d+)$/i.exec(part.trim());
      if (range) {
        const a = Number(range[1]);
        const b = Number(range[2]);
        if (b >= a && b - a <= 1000) for (let i = a; i <= b; i++) found.push(i);
      } else if (/^\d+$/.test(part.trim())) found.push(Number(part.trim()));
    }
    for (const n of found) out.add(n);
    // Going back to an earlier step re-runs it and every step up to the current one.
    if (goBack && currentNumber !== undefined && found.length > 0) {
      const from = Math.min(...found);
      if (from < currentNumber && currentNumber - from <= 1000) for (let i = from; i <= currentNumber; i++) out.add(i);
    }
  }
  return [...out].sort((a, b) => a - b);
}
