// Pieces most scenarios share: the two usual stacks, an opened connection, and segment matchers.
import type { Seen } from "../frame.js";
import type { Stack } from "../stack.js";
import { State } from "../abi.js";
import type { ScenarioContext } from "./context.js";

export const CLIENT_IP = "10.0.0.1", SERVER_IP = "10.0.0.2", PORT = 80;

export function pair(ctx: ScenarioContext, wasm?: string): { client: Stack; server: Stack } {
  return { client: ctx.addStack("client", CLIENT_IP, { wasm }), server: ctx.addStack("server", SERVER_IP, { wasm }) };
}

export interface Opened { client: Stack; server: Stack; l: number; c: number; s: number }

/** Client connects to a listening server, which accepts; returns once both are ESTABLISHED. */
export async function opened(ctx: ScenarioContext, wasm?: string, port = PORT): Promise<Opened> {
  const { client, server } = pair(ctx, wasm);
  const l = ctx.listen(server, port);
  const c = ctx.connect(client, SERVER_IP, port);
  const s = await ctx.acceptWhenReady(server, l);
  await ctx.untilState(client, c, State.ESTABLISHED);
  return { client, server, l, c, s };
}

const F = (s: Seen) => s.flags ?? 0;
export const isSyn = (s: Seen) => (F(s) & 0x12) === 0x02;
export const isSynAck = (s: Seen) => (F(s) & 0x12) === 0x12;
export const isFin = (s: Seen) => (F(s) & 0x01) !== 0;
export const isRst = (s: Seen) => (F(s) & 0x04) !== 0;
export const isPureAck = (s: Seen) => F(s) === 0x10 && s.payload!.length === 0;
export const hasData = (s: Seen) => s.payload!.length > 0;
