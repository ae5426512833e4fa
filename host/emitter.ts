// A minimal event emitter (on, once, off, emit) for the platform-neutral host: Node's EventEmitter
// does not exist in browsers, and EventTarget cannot pass several arguments to a listener.
export type Listener = (...args: any[]) => void;

export class Emitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(name: string, fn: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener): this {
    const wrapped: Listener = (...a) => { this.off(name, wrapped); fn(...a); };
    return this.on(name, wrapped);
  }
  off(name: string, fn: Listener): this {
    const l = this.listeners.get(name);
    if (l) this.listeners.set(name, l.filter((x) => x !== fn));
    return this;
  }
  /** Calls every listener of `name` in the order added; returns whether there was any. */
  emit(name: string, ...args: unknown[]): boolean {
    const l = this.listeners.get(name);
    if (!l?.length) return false;
    for (const fn of [...l]) fn(...args);
    return true;
  }
  listenerCount(name: string): number { return this.listeners.get(name)?.length ?? 0; }
}
