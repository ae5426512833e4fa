// The RP2040 and ESP32 projects are configured at build time (a CMake cache, a Kconfig menu) against SDKs
// CI does not download. What their main.c does with that configuration is checked here without them:
// boards/rp2040/config.cmake writes config.h as the real build does (cmake -P), the Kconfig's defaults
// become the sdkconfig.h ESP-IDF would generate, and tests/node/native/board_config.c passes either
// through boards/common/args.c the way both main.c do (wt_args_configured, wt_args_default_name). Both
// main.c are then compiled (syntax only) against boards/common, their config header and declarations of
// the SDK calls they make (tests/node/native/pico, tests/node/native/esp-idf). Skipped without cmake or
// a C compiler unless WASMTCP_REQUIRE_BOARDS=1.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { has, repoPath } from "./support/replay.js";

const missing = ["cmake", "cc"].filter((c) => !has(c));
if (missing.length && process.env.WASMTCP_REQUIRE_BOARDS === "1") throw new Error(`board configuration tests need ${missing.join(" and ")}`);
const skip = missing.length ? `${missing.join(" and ")} not installed` : false;

const common = repoPath("boards/common");
const strict = ["-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter"];

function inTemp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "wasmtcp-board-config-"));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** config.h as boards/rp2040/CMakeLists.txt writes it, for these -D cache settings. */
function rp2040Config(dir: string, settings: Record<string, string> = {}): void {
  execFileSync("cmake", [...Object.entries(settings).map(([k, v]) => `-D${k}=${v}`), "-P", repoPath("boards/rp2040/config.cmake")],
    { cwd: dir, stdio: "ignore" });
}

/** The Kconfig menu's string and int options at their unconditional defaults, as sdkconfig.h would define them. */
function esp32Config(dir: string): Record<string, string> {
  const values: Record<string, string> = { IDF_TARGET: '"esp32"' };
  let name = "", type = "";
  for (const line of readFileSync(repoPath("boards/esp32/main/Kconfig.projbuild"), "utf8").split("\n").map((l) => l.trim())) {
    const config = /^config (\w+)$/.exec(line);
    if (config) { name = config[1]; type = ""; continue; }
    if (/^(choice|endchoice|menu|endmenu)\b/.test(line)) { name = ""; continue; } // a choice's default is a symbol
    const kind = /^(string|int|bool)\b/.exec(line);
    if (kind) { type = kind[1]; continue; }
    const dflt = /^default (.+)$/.exec(line);
    if (dflt && name && type !== "bool" && !/ if /.test(dflt[1])) values[name] = dflt[1];
  }
  writeFileSync(join(dir, "sdkconfig.h"), Object.entries(values).map(([k, v]) => `#define CONFIG_${k} ${v}\n`).join(""));
  return values;
}

/** What board_config.c prints for the config header in dir. */
function configured(dir: string, defines: string[] = []): string {
  execFileSync("cc", [...strict, ...defines, `-I${dir}`, `-I${common}`, "-o", join(dir, "board_config"),
    repoPath("tests/node/native/board_config.c"), join(common, "args.c")], { stdio: ["ignore", "ignore", "inherit"] });
  return execFileSync(join(dir, "board_config"), { encoding: "utf8" }).trim();
}

test("rp2040Config_cmakeDefaults_dhcpWithHostnameFromTheMac", { skip }, () => inTemp((dir) => {
  rp2040Config(dir);
  assert.equal(configured(dir), "dhcp 1 ip 0.0.0.0/0 gw 0.0.0.0 name wasmtcp-3f2a serve echo:7,http:80");
}));

test("rp2040Config_staticAddressGatewayAndName_parsedAsEveryBoard", { skip }, () => inTemp((dir) => {
  rp2040Config(dir, { WASMTCP_IP: "192.168.1.50/24", WASMTCP_GW: "192.168.1.1", WASMTCP_NAME: "lab-pico" });
  assert.equal(configured(dir), "dhcp 0 ip 192.168.1.50/24 gw 192.168.1.1 name lab-pico serve echo:7,http:80");
}));

test("rp2040Config_badAddress_namesTheOption", { skip }, () => inTemp((dir) => {
  rp2040Config(dir, { WASMTCP_IP: "192.168.1.50/33" });
  assert.throws(() => configured(dir), (e: { stdout?: string }) => String(e.stdout).trim() === "error --ip");
}));

test("esp32Config_kconfigDefaults_dhcpWithHostnameFromTheMac", { skip }, () => inTemp((dir) => {
  const values = esp32Config(dir);
  assert.equal(values.WASMTCP_IP, '"dhcp"');
  assert.equal(configured(dir, ["-DESP32_SDKCONFIG"]), "dhcp 1 ip 0.0.0.0/0 gw 0.0.0.0 name wasmtcp-3f2a serve echo:7,http:80");
}));

test("rp2040AndEsp32Main_defaultConfiguration_compileAgainstBoardsCommon", { skip }, () => inTemp((dir) => {
  rp2040Config(dir);
  esp32Config(dir);
  const check = (board: string, sdk: string, main: string) => execFileSync("cc", ["-fsyntax-only", ...strict,
    `-I${repoPath(`tests/node/native/${sdk}`)}`, `-I${repoPath(board)}`, `-I${common}`, `-I${dir}`, repoPath(main)],
    { stdio: ["ignore", "ignore", "inherit"] });
  check("boards/rp2040", "pico", "boards/rp2040/main.c");
  check("boards/esp32/main", "esp-idf", "boards/esp32/main/main.c");
}));
