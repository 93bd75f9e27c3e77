// The route a mistyped request most likely meant, for the 404 of a path no route matches
// (`POST /v1/procedures/tea/next` → `POST /v1/procedures/{id}/next-steps`). A route is close when
// it has as many segments as the path, every segment but one matches (a parameter matches
// anything), and that one literal segment is a prefix of the other, shares its first five
// letters (`complete`, `completion`) or differs from it in one hyphen-separated word
// (`graph-scripts`). Routes of the request's method come first. Nothing is suggested when no
// route is close: a guess that far off helps no one.

export interface RoutePattern {
  method: string;
  /** Express-style path, parameters as `:name`. */
  path: string;
}

const segments = (p: string): string[] => p.split("/").filter((s) => s.length > 0);

/**
 * How close a literal segment is to the given one: 1 a prefix either way, 1.5 the same first five
 * letters or more, 2 one of two or more hyphen-separated words differs; undefined: not close.
 */
function closeness(given: string, literal: string): number | undefined {
  if (given.startsWith(literal) || literal.startsWith(given)) return 1;
  let common = 0;
  while (common < given.length && given[common] === literal[common]) common++;
  if (common >= 5) return 1.5; // the same stem: complete / completion
  const a = given.split("-");
  const b = literal.split("-");
  return a.length > 1 && a.length === b.length && a.filter((w, i) => w !== b[i]).length === 1 ? 2 : undefined;
}

/** `METHOD /path/{param}` of the closest route, or undefined. */
export function suggestRoute(method: string, requestPath: string, routes: readonly RoutePattern[]): string | undefined {
  const got = segments(requestPath);
  let best: { route: RoutePattern; score: number } | undefined;
  for (const route of routes) {
    const want = segments(route.path);
    if (want.length !== got.length) continue;
    let score: number | undefined = 0;
    let off = 0;
    for (let i = 0; i < want.length && score !== undefined; i++) {
      const w = want[i]!;
      if (w.startsWith(":") || w === got[i]) continue;
      const c = ++off > 1 ? undefined : closeness(got[i]!, w);
      score = c === undefined ? undefined : score + c;
    }
    if (score === undefined || off !== 1) continue;
    // Another method costs a little: the request's own method first.
    if (route.method.toUpperCase() !== method) score += 0.5;
    if (best === undefined || score < best.score) best = { route, score };
  }
  return best && `${best.route.method.toUpperCase()} /${segments(best.route.path).map((s) => (s.startsWith(":") ? `{${s.slice(1)}}` : s)).join("/")}`;
}
