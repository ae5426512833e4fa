// The status page both `wasmtcp tap` and the boards serve at GET /: a line `connections {"STATE": n, ...}`
// and the counters, one per line.
import assert from "node:assert/strict";
import { eventually } from "./netns.js";

/** Asks for the page until the connection table has drained (the last closes of a load may still be on
 *  their way): only the asking connection ESTABLISHED, nothing else but TIME_WAIT. Returns the last page
 *  and how many times it asked: each ask is one more passive open. */
export async function drainedPage(get: () => Promise<string>): Promise<{ page: string; asked: number }> {
  let asked = 0;
  const page = await eventually(async () => {
    const page = await get();
    asked++;
    const { TIME_WAIT: _tw, ESTABLISHED, ...rest } = JSON.parse(/^connections (.*)$/m.exec(page)![1]);
    assert.equal(ESTABLISHED, 1, "only the connection asking");
    assert.ok(Object.values(rest).every((v) => v === 0), `no connection left behind: ${page}`);
    return page;
  });
  return { page, asked };
}
