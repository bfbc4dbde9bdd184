/**
 * A fixed number of slots taken first come, first served: lanes take one to work (so requirements start
 * in spec order as slots free up) and gates take one to run (agents wait on the model, gates on the CPU).
 */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  async take(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.free > 0) this.free--;
    else
      await new Promise<void>((resolve, reject) => {
        const turn = () => {
          signal?.removeEventListener("abort", abandon);
          resolve();
        };
        const abandon = () => {
          this.waiting.splice(this.waiting.indexOf(turn), 1);
          reject(signal!.reason);
        };
        this.waiting.push(turn);
        signal?.addEventListener("abort", abandon, { once: true });
      });
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }

  async with<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const give = await this.take(signal);
    try {
      return await work();
    } finally {
      give();
    }
  }
}
