#!/usr/bin/env bash
# What the QEMU firmware builds and runs with, from Debian: the Arm bare-metal toolchain and newlib, and
# QEMU's Arm system emulator; plus the posix board's deps (wasm3 from PyPI, wasm2c from Debian's wabt).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
need=()
command -v arm-none-eabi-gcc >/dev/null || need+=(gcc-arm-none-eabi)
[ -d /usr/lib/arm-none-eabi/newlib ] || need+=(libnewlib-arm-none-eabi)
command -v qemu-system-arm >/dev/null || need+=(qemu-system-arm)
if [ ${#need[@]} -gt 0 ]; then
  echo "deps: installing ${need[*]}" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
"$here/../posix/deps.sh" "$@"
