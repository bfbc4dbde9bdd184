/**
 * A draft of one state file that remembers which collection items an update changed, so a save
 * re-serializes and re-validates only those. The draft changes the real objects in place (callers keep
 * seeing live data, identities stay), but every object reached through it is a proxy: a write anywhere
 * inside an item marks that item (the element of `tasks`, `requirements`, ...) as touched.
 *
 * Values written through the draft never hold a proxy, and never share an object with another item: an
 * object read from the state and stored elsewhere inside an item is stored as a copy, because a later
 * write through one holder would otherwise change the other without touching it.
 */
export class ChangeTracker {
  private readonly touched = new WeakSet<object>();

  constructor(private readonly collections: readonly string[]) {}

  isTouched(item: object): boolean {
    return this.touched.has(item);
  }

  forget(item: object): void {
    this.touched.delete(item);
  }

  /** A draft for one update; proxies are shared within it so `draft.x === draft.x` holds. */
  draft<T extends object>(data: T): T {
    return new DraftSession(this.collections, this.touched).file(data);
  }
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/** Every draft proxy and the object behind it, across files and updates, so none is ever stored in the state. */
const targets = new WeakMap<object, object>();

class DraftSession {
  private readonly proxies = new WeakMap<object, object>();
  /** Proxies of this file's items in this update: the only ones that may move between collection slots as themselves. */
  private readonly items = new WeakSet<object>();

  constructor(
    private readonly collections: readonly string[],
    private readonly touched: WeakSet<object>,
  ) {}

  file<T extends object>(data: T): T {
    return new Proxy(data, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key);
        return typeof key === "string" && this.collections.includes(key) && Array.isArray(value) ? this.collection(value) : value;
      },
      set: (target, key, value) => Reflect.set(target, key, Array.isArray(value) ? this.asCollection(value) : this.adopt(value)),
    });
  }

  /** A new collection array is kept (the caller may go on using it), with its items adopted in place. */
  private asCollection(items: unknown[]): unknown[] {
    const array = (targets.get(items) ?? items) as unknown[];
    for (let index = 0; index < array.length; index++) {
      const item = this.asItem(array[index]);
      if (item !== array[index]) array[index] = item;
    }
    return array;
  }

  /** A collection array: moving, adding or removing items needs no marking, since lines are cached per item object. */
  private collection(items: unknown[]): unknown[] {
    return this.proxyOf(items, () => ({
      get: (target, key) => {
        // Appending is the hot path (a plan adds thousands of items); the generic proxied push costs three traps per item.
        if (key === "push") return (...added: unknown[]) => target.push(...added.map((item) => this.asItem(item)));
        const value: unknown = Reflect.get(target, key);
        if (!isObject(value) || typeof key !== "string") return value;
        const item = this.nested(value, value);
        this.items.add(item);
        return item;
      },
      set: (target, key, value) => Reflect.set(target, key, this.asItem(value)),
      defineProperty: (target, key, descriptor) =>
        Reflect.defineProperty(target, key, "value" in descriptor ? { ...descriptor, value: this.asItem(descriptor.value) } : descriptor),
    }));
  }

  private nested(value: object, item: object): object {
    return this.proxyOf(value, () => ({
      get: (target, key) => {
        const child: unknown = Reflect.get(target, key);
        // A frozen object (zod's readonly arrays) may only hand out its own values, and cannot be written through anyway.
        if (Object.isFrozen(target)) return child;
        return isObject(child) && typeof key === "string" ? this.nested(child, item) : child;
      },
      set: (target, key, next) => {
        const before: unknown = Reflect.get(target, key);
        if (before === next && !isObject(next) && Object.hasOwn(target, key)) return true;
        this.touched.add(item);
        return Reflect.set(target, key, this.adopt(next));
      },
      defineProperty: (target, key, descriptor) => {
        this.touched.add(item);
        return Reflect.defineProperty(target, key, "value" in descriptor ? { ...descriptor, value: this.adopt(descriptor.value) } : descriptor);
      },
      deleteProperty: (target, key) => {
        if (Object.hasOwn(target, key)) this.touched.add(item);
        return Reflect.deleteProperty(target, key);
      },
    }));
  }

  private proxyOf<T extends object>(target: T, handler: () => ProxyHandler<T>): T {
    const known = this.proxies.get(target);
    if (known) return known as T;
    const proxy = new Proxy(target, handler());
    this.proxies.set(target, proxy);
    targets.set(proxy, target);
    return proxy;
  }

  /** An item of this file placed in a collection keeps its identity (its cached line stays valid); anything else from the state is copied. */
  private asItem(value: unknown): unknown {
    if (!isObject(value)) return value;
    const target = targets.get(value);
    if (target) return this.items.has(value) ? target : this.copy(target);
    return this.adoptChildren(value);
  }

  /** A value stored inside an item: state objects come in as copies, new objects keep their identity. */
  private adopt(value: unknown): unknown {
    if (!isObject(value)) return value;
    const target = targets.get(value);
    if (target) return this.copy(target);
    return this.adoptChildren(value);
  }

  private adoptChildren(value: object): object {
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        const adopted = this.adopt(value[index]);
        if (adopted !== value[index]) value[index] = adopted;
      }
      return value;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return value;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const adopted = this.adopt(record[key]);
      if (adopted !== record[key]) record[key] = adopted;
    }
    return value;
  }

  private copy(value: unknown): unknown {
    if (!isObject(value)) return value;
    const plain = targets.get(value) ?? value;
    if (Array.isArray(plain)) return plain.map((element: unknown) => this.copy(element));
    if (Object.getPrototypeOf(plain) !== Object.prototype && Object.getPrototypeOf(plain) !== null) return plain;
    return Object.fromEntries(Object.entries(plain).map(([key, element]) => [key, this.copy(element)]));
  }
}
