// KeyedLock: runs async tasks one at a time per key (FIFO), different keys in parallel.
// Used so that appending traces and updating the induction state of one procedure version,
// or posting steps to one session, never interleave inside this process.
// NOTE: in-process only; several server processes on one store would need store-side locking.
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
