// Each board's stack, read from the file where the board's own build sets it, and the emulated program
// whose stack peak stands for it: the RP2040 runs the M0+ code measured on QEMU's Cortex-M3 model, the
// ESP32-C3 the rv32imc code measured on QEMU's RISC-V virt machine. A board's stack must hold the deepest
// measured peak plus STACK_MARGIN, plus a reserve for what the emulated program does not run (interrupt
// handlers, the SDK's printf and USB or FreeRTOS task frames).
import { readFileSync } from "node:fs";
import type { Firmware } from "./replay.js";
import { repoPath } from "./replay.js";

/** Headroom over the measured peak: traffic the corpus does not produce, compiler changes. */
export const STACK_MARGIN = 0.25;

export interface BoardStack { board: string; measuredBy: Firmware; bytes: number; setIn: string; reserve: number }

/** Bytes a stack needs for a measured peak. */
export const stackNeeded = (peak: number, reserve: number) => Math.ceil(peak * (1 + STACK_MARGIN)) + reserve;

function read(file: string, re: RegExp, what: string): number {
  const m = re.exec(readFileSync(repoPath(file), "utf8"));
  if (!m) throw new Error(`${file}: no ${what}`);
  return Number(m[1]) * (m[2] === "K" ? 1024 : 1);
}

export function boardStacks(): BoardStack[] {
  const mps2 = read("boards/qemu-mps2/mps2.ld", /^STACK_BYTES = (\d+)(K?);/m, "STACK_BYTES");
  const rp2040Wasm3 = read("boards/rp2040/CMakeLists.txt", /set\(WASMTCP_MAIN_STACK (\d+)()/, "wasm3 WASMTCP_MAIN_STACK");
  const esp = readFileSync(repoPath("boards/esp32/main/Kconfig.projbuild"), "utf8");
  const task = /config WASMTCP_TASK_STACK[^]*?default (\d+) if WASMTCP_ENGINE_WASM3 && IDF_TARGET_ARCH_RISCV[^]*?default (\d+) if IDF_TARGET_ARCH_RISCV/.exec(esp);
  if (!task) throw new Error("boards/esp32/main/Kconfig.projbuild: no WASMTCP_TASK_STACK defaults");
  const sdk = 4096; // pico-sdk's core 0 stack in SCRATCH_Y, which the wasm2c build keeps (WASMTCP_MAIN_STACK 0)
  return [
    { board: "QEMU mps2-an385 wasm3", measuredBy: "qemu-wasm3", bytes: mps2, setIn: "mps2.ld STACK_BYTES", reserve: 512 },
    { board: "QEMU mps2-an385 wasm2c", measuredBy: "qemu-wasm2c", bytes: mps2, setIn: "mps2.ld STACK_BYTES", reserve: 512 },
    { board: "RP2040 wasm3", measuredBy: "qemu-m0plus-wasm3", bytes: rp2040Wasm3, setIn: "rp2040 WASMTCP_MAIN_STACK", reserve: 2048 },
    { board: "RP2040 wasm2c", measuredBy: "qemu-m0plus-wasm2c", bytes: sdk, setIn: "pico-sdk SCRATCH_Y", reserve: 2048 },
    { board: "ESP32-C3 wasm3", measuredBy: "riscv-wasm3", bytes: Number(task[1]), setIn: "esp32 WASMTCP_TASK_STACK", reserve: 2048 },
    { board: "ESP32-C3 wasm2c", measuredBy: "riscv-wasm2c", bytes: Number(task[2]), setIn: "esp32 WASMTCP_TASK_STACK", reserve: 2048 },
  ];
}
