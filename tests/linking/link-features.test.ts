import { describe, expect, it } from "vitest";
import { buildLinkIndex, LINK_FEATURES, linkFeatures } from "../../src/linking/link-features.js";

const goals = [
  { id: "tea", title: "Make Tea", examples: ["boil water for tea", "steep the tea leaves", "pour hot water"] },
  { id: "coffee", title: "Brew Coffee", examples: ["grind the coffee beans"] },
  { id: "police", title: "Become a Police Officer", examples: ["be a cop", "be a cop in town"] },
];
const index = buildLinkIndex(goals);
const feature = (text: string, goal: number, name: (typeof LINK_FEATURES)[number], exclude?: number) =>
  linkFeatures(index, text, exclude === undefined ? {} : { exclude }).find((c) => c.goal === goal)?.features[LINK_FEATURES.indexOf(name)];

describe("linkFeatures", () => {
  it("scales every feature to [0, 1]", () => {
    const all = linkFeatures(index, "Make a cup of tea with hot water and coffee beans").flatMap((c) => c.features);
    expect(all.every((x) => x >= 0 && x <= 1)).toBe(true);
  });

  it("gives full title coverage when the text names the whole title", () => {
    expect(feature("Make tea in a pot", 0, "titleCoverage")).toBeCloseTo(1, 9);
  });

  it("leaves the excluded example out of the nearest-example feature", () => {
    expect(feature("grind the coffee beans", 1, "exampleMax")).toBeCloseTo(1, 9);
    expect(feature("grind the coffee beans", 1, "exampleMax", 3)).toBe(0);
  });

  it("learns from the examples that 'cop' is associated with the police title", () => {
    expect(feature("hire a cop", 2, "translation")).toBeGreaterThan(0);
  });

  it("weakens that association when one of the two examples teaching it is left out", () => {
    expect(feature("hire a cop", 2, "translation", 4)!).toBeLessThan(feature("hire a cop", 2, "translation")!);
  });

  it("keeps the centroid's direction when one of two identical examples is left out", () => {
    const i = buildLinkIndex([{ id: "t", title: "Make Tea", examples: ["steep the leaves", "steep the leaves"] }]);
    const centroid = (exclude?: number) =>
      linkFeatures(i, "steep leaves slowly", exclude === undefined ? {} : { exclude })[0]!.features[LINK_FEATURES.indexOf("exampleCentroid")]!;
    expect(centroid(0)).toBeCloseTo(centroid(), 9);
    expect(centroid()).toBeGreaterThan(0);
  });

  it("brings in a goal through a shared 6-letter prefix", () => {
    const i = buildLinkIndex([{ id: "c", title: "Be Charismatic" }]);
    expect(linkFeatures(i, "Have charisma").map((c) => c.goal)).toEqual([0]);
  });
});
