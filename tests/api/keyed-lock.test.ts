import { describe, expect, it } from "vitest";
import { KeyedLock } from "../../api/services/keyed-lock.js";

const tick = () => new Promise((r) => setTimeout(r, 1));

describe("KeyedLock", () => {
  it("runs tasks of one key one at a time, in order", async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([lock.run("k", task("a")), lock.run("k", task("b"))]);
    expect(log).toEqual(["a start", "a end", "b start", "b end"]);
  });

  it("runs tasks of different keys side by side", async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([lock.run("k1", task("a")), lock.run("k2", task("b"))]);
    expect(log.slice(0, 2)).toEqual(["a start", "b start"]);
  });

  it("runs the next task after a task that failed, and passes the failure to its caller", async () => {
    const lock = new KeyedLock();
    const failed = lock.run("k", async () => {
      throw new Error("boom");
    });
    const next = lock.run("k", async () => "ran");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });
});
