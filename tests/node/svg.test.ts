// SVG ladders rendered by a real browser: Debian's Chromium driven by playwright-core (never a downloaded
// browser). Each page must show the ladder's text, keep every label inside the picture, use type large
// enough to project, and the screenshot must hold the drawing (ink, and the red of a lost segment).
import test from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { findScenario } from "../../host/scenarios/registry.js";
import { runScenario } from "../../host/scenarios/runner.js";
import { renderSvg } from "../../host/svg.js";
import "../../host/node/wasm-files.js"; // builds read from build/

const CHROMIUM = "/usr/bin/chromium";

async function withBrowser(fn: (b: BrowserContext) => Promise<void>): Promise<void> {
  assert.ok(existsSync(CHROMIUM), `Chromium is not installed at ${CHROMIUM}: install Debian's package with ` +
    "`apt-get update && apt-get install -y chromium` (CI: add chromium to .ci/run's package list)");
  const profile = mkdtempSync(join(tmpdir(), "wasmtcp-chromium-"));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
  try { await fn(ctx); } finally { await ctx.close(); rmSync(profile, { recursive: true, force: true }); }
}

async function render(ctx: BrowserContext, name: string, shots?: string) {
  const s = findScenario(name)!;
  const svg = renderSvg((await runScenario(s)).trace);
  const page = await ctx.newPage();
  const [w, h] = [/width="(\d+)"/, /height="(\d+)"/].map((re) => Number(re.exec(svg)![1]));
  await page.setViewportSize({ width: w, height: Math.min(h, 4000) });
  await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
  const info = await page.evaluate(() => {
    const root = document.querySelector("svg")!;
    const box = root.getBoundingClientRect();
    const texts = [...root.querySelectorAll("text")].map((t) => {
      const b = t.getBoundingClientRect();
      return { s: t.textContent ?? "", size: parseFloat(getComputedStyle(t).fontSize), l: b.left - box.left, r: b.right - box.left, w: b.width, y: b.top - box.top, anchor: t.getAttribute("text-anchor") };
    });
    return { width: box.width, height: box.height, texts, all: root.textContent ?? "" };
  });
  const png = await page.screenshot({ fullPage: true });
  if (shots) writeFileSync(join(shots, `${name}.png`), png);
  // Decode the screenshot with the browser's own PNG decoder and count ink (non-white) and red pixels.
  const px = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width; c.height = img.height;
    const g = c.getContext("2d")!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let ink = 0, red = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) ink++;
      if (d[i] > 150 && d[i + 1] < 60 && d[i + 2] < 60) red++;
    }
    return { ink: ink / (d.length / 4), red, w: c.width, h: c.height };
  }, png.toString("base64"));
  await page.close();
  return { svg, info, px, w };
}

test("svg_lastAckLostInChromium_rendersLadderLabelsAndLostCross", async () => {
  const shots = process.env.WASMTCP_SVG_SHOTS;
  await withBrowser(async (ctx) => {
    const { info, px, w } = await render(ctx, "last-ack-lost", shots);
    assert.ok(info.width > 800 && info.height > 800, "the SVG has a size on the page");
    for (const s of ["The last ACK is lost", "client", "server", "LAST_ACK", "TIME_WAIT", "lost", "retransmission timer", "2MSL timer ends TIME_WAIT", "F. 1 ack 2"]) {
      assert.ok(info.all.includes(s), `the page shows "${s}"`);
    }
    for (const t of info.texts) {
      assert.ok(t.l >= 0 && t.r <= w + 1, `"${t.s}" stays inside the picture (${t.l.toFixed(0)}..${t.r.toFixed(0)} of ${w})`);
      assert.ok(t.size >= 16, `"${t.s}" is readable when projected (${t.size}px)`);
    }
    assert.equal(px.w, w);
    assert.ok(px.ink > 0.02 && px.ink < 0.5, `the screenshot holds a drawing, not a blank page (ink ${(px.ink * 100).toFixed(1)}%)`);
    assert.ok(px.red > 200, "the lost segment is drawn in red");
  });
});

test("svg_synFloodFourParties_forgedSourcesLaneApartFromTheAttackerInChromium", async () => {
  const shots = process.env.WASMTCP_SVG_SHOTS;
  await withBrowser(async (ctx) => {
    const { svg, info, px, w } = await render(ctx, "syn-flood", shots);
    for (const s of ["client", "server", "attacker", "forged sources", "10.0.0.66, 10.0.0.67: no answer", "SYN_RECEIVED (10.0.0.66)", "10.0.0.67: S. 0 ack 1"]) assert.ok(info.all.includes(s), s);
    const lines = [...svg.matchAll(/<line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)" y2="[\d.]+" stroke="[^"]+" stroke-width="4"\/>/g)];
    assert.equal(lines.length, 4, "four timelines");
    const [, , forgedX, attackerX] = lines.map((m) => Number(m[1]));
    // Every SYN-ACK ends on the forged sources' line, none on the attacker's.
    const synAckEnds = [...svg.matchAll(/<line x1="[\d.]+" y1="[\d.]+" x2="([\d.]+)" y2="[\d.]+" stroke="[^"]+" stroke-width="3.5" marker-end="url\(#head1\)"\/>/g)].map((m) => Number(m[1]));
    assert.ok(synAckEnds.filter((x) => Math.abs(x - forgedX) <= 3).length === 12, `12 SYN-ACKs to the forged sources (${synAckEnds})`);
    assert.ok(synAckEnds.every((x) => Math.abs(x - attackerX) > 3), "none to the attacker");
    for (const t of info.texts) assert.ok(t.l >= 0 && t.r <= w + 1 && t.size >= 16, `"${t.s}" fits and is large enough (${t.size}px)`);
    assert.ok(px.ink > 0.02, "not blank");
  });
});

test("svg_courseScenariosInChromium_notesKeepClearOfTheTimeColumn", async () => {
  const shots = process.env.WASMTCP_SVG_SHOTS;
  await withBrowser(async (ctx) => {
    for (const [name, must] of [
      ["keepalive-defaults", ["keepalive on (idle 2 h, interval 75 s, 9 probes)", "2 h later", "1 min 15 s later", "error ETIMEDOUT"]],
      ["rst-attack", ["R rst invalid: answers with challenge ACK", "drops R: not acceptable", "S syn invalid: answers with challenge ACK", "attacker"]],
      ["fin-wait-1-to-time-wait", ["F. 1 ack 2 win 4096", "FIN_WAIT_2", "TIME_WAIT"]],
      ["syn-retries-exhausted", ["S 0 win 4096", "lost", "error ETIMEDOUT"]],
      ["fin-wait-2-timeout", ["FIN_WAIT_2 timer", "R 2 win 0", "error ECONNRESET"]],
      ["isn", ["connect(10.0.0.2:80 from port 40000)", "SYN_SENT (port 40001)"]],
      ["syn-cookies", ["forged sources", "MSS index 3: MSS 1460", "ESTABLISHED (10.0.0.1)"]],
    ] as const) {
      const { info, px, w } = await render(ctx, name, shots);
      for (const s of must) assert.ok(info.all.includes(s), `${name}: the page shows "${s}"`);
      // The time column's texts end right of x = 163 (anchored at its end); everything else on a ladder row
      // starts to the right of it.
      const rows = info.texts.filter((t) => t.anchor === "end" && /^\d+\.\d{3}s$/.test(t.s));
      const [top, bottom] = [Math.min(...rows.map((t) => t.y)), Math.max(...rows.map((t) => t.y))];
      const column = Math.max(...rows.map((t) => t.r));
      for (const t of info.texts) {
        if (t.y < top - 5 || t.y > bottom + 5 || t.anchor === "end" && t.r <= column + 1) continue;
        assert.ok(t.l > column, `${name}: "${t.s}" starts right of the time column (${t.l.toFixed(0)} > ${column.toFixed(0)})`);
      }
      for (const t of info.texts) assert.ok(t.l >= 0 && t.r <= w + 1 && t.size >= 16, `${name}: "${t.s}" fits and is large enough (${t.size}px)`);
      assert.ok(px.ink > 0.02, `${name}: not blank`);
    }
  });
});
