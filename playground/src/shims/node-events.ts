// node:events on the page: the part of EventEmitter host/stack.ts and host/server.ts use.
type Listener = (...a: any[]) => void;

export class EventEmitter {
  private readonly listeners = new Map<string | symbol, Listener[]>();
  on(name: string | symbol, fn: Listener): this { this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]); return this; }
  addListener(name: string | symbol, fn: Listener): this { return this.on(name, fn); }
  once(name: string | symbol, fn: Listener): this {
    const once: Listener = (...a) => { this.off(name, once); fn(...a); };
    return this.on(name, once);
  }
  off(name: string | symbol, fn: Listener): this { this.listeners.set(name, (this.listeners.get(name) ?? []).filter((f) => f !== fn)); return this; }
  removeListener(name: string | symbol, fn: Listener): this { return this.off(name, fn); }
  emit(name: string | symbol, ...a: unknown[]): boolean {
    const fns = this.listeners.get(name) ?? [];
    for (const f of fns) f(...a);
    return fns.length > 0;
  }
  listenerCount(name: string | symbol): number { return this.listeners.get(name)?.length ?? 0; }
}
export default EventEmitter;
