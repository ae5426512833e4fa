#!/usr/bin/env bash
# Brings in what the posix board compiles against, from the package registries (nothing is vendored):
#   - Debian's wabt: wasm2c, and its runtime (wasm-rt.h, wasm-rt-impl.c) under /usr/share/wabt/wasm2c;
#   - PyPI's pywasm3 source distribution, which carries the wasm3 C core, unpacked under build/deps/.
# Idempotent and quick when everything is there; the Makefile runs it before every build.
set -euo pipefail

deps=${1:-"$(cd "$(dirname "$0")/../.." && pwd)/build/deps"}
wasm3_version=0.5.0
wasm3_sha256=5a47c8a39f7f6ae71b3316b2e5d86c9d0db6e771a65f09a86e4d4aa3a19aefcc

runtime_ok() { [ -f /usr/share/wabt/wasm2c/wasm-rt-impl.c ] || [ -f /usr/src/wasm2c/wasm-rt-impl.c ]; }
if ! command -v wasm2c >/dev/null || ! runtime_ok; then "$(dirname "$0")/../apt-install.sh" wabt; fi

src="$deps/pywasm3-$wasm3_version"
if [ ! -f "$src/wasm3/wasm3.h" ]; then
  echo "deps: downloading pywasm3 $wasm3_version (the wasm3 C core) from PyPI" >&2
  mkdir -p "$deps"
  pip=(python3 -m pip); "${pip[@]}" --version >/dev/null 2>&1 || pip=(pip3)
  "${pip[@]}" download --quiet --no-binary :all: --no-deps "pywasm3==$wasm3_version" -d "$deps"
  echo "$wasm3_sha256  $deps/pywasm3-$wasm3_version.tar.gz" | sha256sum -c --quiet -
  tar -xzf "$deps/pywasm3-$wasm3_version.tar.gz" -C "$deps"
fi
