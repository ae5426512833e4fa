// Settling a promise in virtual time: the simulation runs until the promise settles (at most 300 s of
// virtual time), then its value is returned or its error thrown.
import type { Simulation } from "../../../host/sim.js";

export async function during<T>(sim: Simulation, p: Promise<T>): Promise<T> {
  let out: { v?: T; e?: unknown; done: boolean } = { done: false };
  p.then((v) => { out = { v, done: true }; }, (e) => { out = { e, done: true }; });
  await sim.run({ until: () => out.done, maxMs: 300_000 });
  if ("e" in out) throw out.e;
  return out.v as T;
}
