// The free mode: two stacks and the socket calls the user made, each at the virtual time it was made.
// Replaying the list on fresh stacks reproduces the run exactly, which is what lets Back and a lost
// segment rewrite the past. The server side accepts by itself, as a real server's accept loop would.
import type { Scenario } from "../../host/scenarios/types.js";
import type { ScenarioContext } from "../../host/scenarios/context.js";
import type { Stack } from "../../host/stack.js";
import { Opt } from "../../host/abi.js";
import { CLIENT_IP, SERVER_IP, PORT } from "../../host/scenarios/common.js";
import { t } from "./i18n.js";

export const FREE_OPS = ["listen", "connect", "send", "recv", "shutdown", "close", "abort", "nodelay", "keepalive"] as const;
export type FreeOp = (typeof FREE_OPS)[number];
export interface FreeAction { t: number; /** The number of events shown when the call was made. */ at: number; party: "client" | "server"; op: FreeOp; n?: number }

/** How long the run goes on after the last call: longer than TIME_WAIT (60 s) and a SYN's retries (127 s). */
export const FREE_TAIL_MS = 180_000;
/** Keepalive in the free mode: probes after 10 s idle, every 5 s, 3 of them (so a class sees it happen). */
const KEEP = { idle: 10, intvl: 5, cnt: 3 };

export function freeScenario(actions: FreeAction[]): Scenario {
  return {
    name: "free",
    title: t("free.title"),
    explanation: t("free.explanation"),
    async run(ctx) { await replay(ctx, actions); },
  };
}

async function replay(ctx: ScenarioContext, actions: FreeAction[]): Promise<void> {
  const stacks = { client: ctx.addStack("client", CLIENT_IP), server: ctx.addStack("server", SERVER_IP) };
  const conn: Record<string, number> = { client: -1, server: -1 };
  let listener = -1;
  const acceptable = () => listener >= 0 && (stacks.server.core.events(listener) & 4) !== 0;
  /** Lets time pass to `target`, accepting whatever arrives meanwhile. */
  const runTo = async (target: number) => {
    ctx.sim.clock.at(target, () => {});
    for (;;) {
      await ctx.until(() => ctx.now >= target || acceptable(), target - ctx.now + 1);
      if (!acceptable()) return;
      const h = ctx.accept(stacks.server, listener);
      if (h >= 0) conn.server = h;
    }
  };
  for (const a of [...actions].sort((x, y) => x.t - y.t)) {
    await runTo(a.t);
    act(ctx, stacks[a.party], a, conn, (l) => { listener = l; });
  }
  await runTo(ctx.now + FREE_TAIL_MS);
}

function act(ctx: ScenarioContext, s: Stack, a: FreeAction, conn: Record<string, number>, setListener: (l: number) => void): void {
  const h = conn[a.party];
  switch (a.op) {
    case "listen": {
      try { setListener(ctx.listen(s, PORT)); } catch (e) { ctx.app(s.name, `listen(${PORT}) failed: ${(e as Error).message}`); }
      return;
    }
    case "connect": {
      const r = ctx.connect(s, a.party === "client" ? SERVER_IP : CLIENT_IP, PORT);
      if (r >= 0) conn[a.party] = r;
      return;
    }
    case "send": ctx.send(s, h, new Uint8Array(a.n ?? 100).map((_, i) => 97 + (i % 26))); return;
    case "recv": ctx.recv(s, h); return;
    case "shutdown": ctx.shutdown(s, h); return;
    case "close": ctx.close(s, h); return;
    case "abort": ctx.abort(s, h); return;
    case "nodelay": ctx.setopt(s, h, Opt.NODELAY, 1, "setsockopt(TCP_NODELAY, 1)"); return;
    case "keepalive":
      ctx.setopt(s, h, Opt.KEEPIDLE, KEEP.idle);
      ctx.setopt(s, h, Opt.KEEPINTVL, KEEP.intvl);
      ctx.setopt(s, h, Opt.KEEPCNT, KEEP.cnt);
      ctx.setopt(s, h, Opt.KEEPALIVE, 1, `keepalive on (idle ${KEEP.idle} s, every ${KEEP.intvl} s, ${KEEP.cnt} probes)`);
      return;
  }
}
