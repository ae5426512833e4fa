#!/usr/bin/env bash
# Builds the QEMU firmware (wasm3 and wasm2c) of another commit into DIR, for
# `node dist/bench/qemu-http.js --baseline DIR`: the figures of a change beside those before it, in one run.
#   bench/qemu-baseline.sh COMMIT DIR
# The commit's tree is exported to a scratch directory and built there with this tree's node_modules (and
# its build/deps, when present, so nothing is fetched again).
set -euo pipefail
commit=${1:?usage: qemu-baseline.sh COMMIT DIR} out=${2:?usage: qemu-baseline.sh COMMIT DIR}
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git -C "$root" archive "$commit" | tar -x -C "$tmp"
ln -s "$root/node_modules" "$tmp/node_modules"
mkdir -p "$tmp/build"
[ -d "$root/build/deps" ] && cp -r "$root/build/deps" "$tmp/build/deps"
(cd "$tmp" && npm run -s build:wasm >/dev/null)
make -s -C "$tmp/boards/qemu-mps2" "$tmp/build/qemu-mps2/wasmtcp-wasm3.elf" "$tmp/build/qemu-mps2/wasmtcp-wasm2c.elf" >/dev/null
mkdir -p "$out"
cp "$tmp/build/qemu-mps2/wasmtcp-wasm3.elf" "$tmp/build/qemu-mps2/wasmtcp-wasm2c.elf" "$out/"
echo "qemu-baseline: $(git -C "$root" rev-parse --short "$commit")'s firmware in $out"
