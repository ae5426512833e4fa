// The live mode: the page follows a real stack (`wasmtcp tap --view`) through the server's event stream,
// as one run that keeps growing. The same ladder, panels, inspector and pcap export draw it.
import type { RunResult } from "./session.js";
import type { LiveBatch } from "../../host/live.js";

type Wire = Omit<LiveBatch, "frames"> & { frames: { ms: number; events: number; b64: string }[] };

const bytesOf = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** Connects to the stream; `onChange` gets the (same, grown) run after each message, and how many
 *  events it had before. */
export function followLive(title: string, explanation: string, onChange: (r: RunResult, before: number) => void, onError: () => void): void {
  const run: RunResult = {
    trace: { scenario: "live", title, explanation, latencyMs: 0, parties: [], events: [], facts: {}, endMs: 0 },
    snapshots: [], frames: [], copies: new Set(),
  };
  const es = new EventSource("live/events");
  es.onmessage = (m) => {
    const b = JSON.parse(m.data as string) as Wire;
    const before = run.trace.events.length;
    run.trace.parties = b.parties;
    run.trace.events.push(...b.events);
    run.trace.endMs = run.trace.events.at(-1)?.t ?? 0;
    run.snapshots.push(...b.snapshots);
    for (const f of b.frames) run.frames.push({ ms: f.ms, events: f.events, bytes: bytesOf(f.b64), crossed: true, lostTo: [] });
    onChange(run, before);
  };
  es.onerror = onError;
}
