/** A ring of the last `capacity` items: appends never copy, the oldest item falls off. */
export class LineBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  /** Items ever pushed, popped ones excepted: a mark that stays valid as old items fall off. */
  private total = 0;

  get length(): number {
    return this.count;
  }

  get pushed(): number {
    return this.total;
  }

  /** Removes the newest item. */
  pop(): void {
    if (this.count === 0) return;
    this.count--;
    this.total--;
    this.items[(this.start + this.count) % this.capacity] = undefined;
  }

  push(item: T): void {
    this.total++;
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.start + index) % this.capacity];
  }
}
