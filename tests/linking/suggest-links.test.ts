import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/errors.js";
import { createLinkSuggester } from "../../src/linking/suggest-links.js";

const goals = [
  { id: "tea", title: "Make a Cup of Tea" },
  { id: "resume", title: "Write a Resume" },
  { id: "police", title: "Become a Police Officer", examples: ["Join the police force", "Be a cop in your city"] },
  { id: "dog-nails", title: "Trim a Dog's Nails" },
];

describe("createLinkSuggester", () => {
  it("ranks the goal whose title the step mentions first", () => {
    expect(createLinkSuggester(goals).suggest("Write a resume that lists all your jobs", 3).candidates[0]?.id).toBe("resume");
  });

  it("matches stemmed words (trimming, nails)", () => {
    expect(createLinkSuggester(goals).suggest("Start trimming your dog's nails", 1).candidates[0]?.id).toBe("dog-nails");
  });

  it("links through the steps already linked to a goal when the title shares no word", () => {
    const s = createLinkSuggester(goals).suggest("Become a cop", 1);
    expect(s.candidates[0]?.id).toBe("police");
  });

  it("gives scores in [0, 1], best first", () => {
    const c = createLinkSuggester(goals).suggest("Make a resume and a cup of tea", 4).candidates;
    expect(c.every((x) => x.score >= 0 && x.score <= 1)).toBe(true);
    expect(c.map((x) => x.score)).toEqual([...c.map((x) => x.score)].sort((a, b) => b - a));
  });

  it("answers unlinkable with no candidates when no goal shares a word", () => {
    expect(createLinkSuggester(goals).suggest("Centrifuge the lysate at 4 degrees", 3)).toEqual({ candidates: [], unlinkable: true });
  });

  it("answers unlinkable when the best goal's title is barely mentioned", () => {
    expect(createLinkSuggester(goals).suggest("Pour the boiling broth into a cup", 3).unlinkable).toBe(true);
  });

  it("answers linkable when the title is fully mentioned", () => {
    expect(createLinkSuggester(goals).suggest("Make a cup of tea", 3).unlinkable).toBe(false);
  });

  it("returns at most k candidates", () => {
    expect(createLinkSuggester(goals).suggest("Make a resume and a cup of tea as a police officer", 2).candidates).toHaveLength(2);
  });

  it("rejects duplicate goal ids, naming the index", () => {
    const err = (() => {
      try {
        return createLinkSuggester([goals[0]!, goals[0]!]);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues[0]?.path).toEqual([1, "id"]);
  });

  it("ranks nothing for an empty goal list", () => {
    expect(createLinkSuggester([]).suggest("Make tea", 3)).toEqual({ candidates: [], unlinkable: true });
  });
});
