// The options every network board parses (boards/common/args.c), through the posix host: a bad or missing
// value stops it before it touches a device, with exit status 2 and the option named.
import test, { before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { buildPosix, repoPath } from "./support/replay.js";

before(() => buildPosix());

const cases: [string[], RegExp][] = [
  [["--dev", "x", "--ip", "10.0.0.2/33"], /bad or missing --ip/],
  [["--dev", "x", "--ip", "256.0.0.2/24"], /bad or missing --ip/],
  [["--dev", "x", "--ip", "10.0.0/24"], /bad or missing --ip/],
  [["--dev", "x"], /bad or missing --ip/],
  [["--dev", "x", "--ip", "10.0.0.2/24", "--gw", "10.0.0.1/24"], /bad or missing --gw/],
  [["--dev", "x", "--ip", "10.0.0.2/24", "--mac", "02:00:00:00:00"], /bad or missing --mac/],
  [["--dev", "x", "--ip", "10.0.0.2/24", "--mac", "02:00:00:00:00:0g"], /bad or missing --mac/],
  [["--dev", "x", "--ip", "10.0.0.2/24", "--seed", "99999999999999999999999"], /bad or missing --seed/],
  [["--dev", "x", "--ip", "10.0.0.2/24", "--seed", "0x"], /bad or missing --seed/],
  [["--dev", "x", "--ip", "10.0.0.2/24", "--echo-to", "10.0.0.1:0:5"], /bad or missing --echo-to/],
  [["--dev", "x", "--ip", "10.0.0.2/24", "--echo-to", "10.0.0.1:7:4294967296"], /bad or missing --echo-to/],
  [["--dev", "x", "--ip", "10.0.0.2/24", "--for", "-1"], /bad or missing --for/],
  [["--dev", "x", "--ip", "10.0.0.2/24", "--frob", "1"], /bad or missing --frob/],
  [["--dev", "x", "--ip", "10.0.0.2/24", "--serve"], /bad or missing --serve/],
  [["--dev", "x", "--ip", "10.0.0.2/24", "--serve", "gopher:70"], /bad --serve gopher:70/],
  [["--ip", "10.0.0.2/24"], /--dev is required/],
  [["--dev", "x", "--ip", "dhcp4"], /bad or missing --ip/],
  [["--dev", "x", "--ip", "DHCP"], /bad or missing --ip/],
  [["--dev", "x", "--ip", "dhcp", "--name"], /bad or missing --name/],
  // Accepted: parsing goes on to the next check.
  [["--ip", "dhcp", "--name", "board-1"], /--dev is required/],
];

for (const engine of ["wasm3", "wasm2c"] as const) {
  test(`posixArgs_${engine}_badOrMissingValues_exit2NamingTheOption`, () => {
    for (const [args, why] of cases) {
      const r = spawnSync(repoPath(`build/posix/wasmtcp-${engine}`), ["tap", ...args], { encoding: "utf8", timeout: 10_000 });
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, why, args.join(" "));
    }
  });
}
