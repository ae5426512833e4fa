#!/usr/bin/env bash
# What the QEMU firmware builds and runs with, from Debian: the Arm bare-metal toolchain and newlib, and
# QEMU's Arm system emulator; plus the posix board's deps (wasm3 from PyPI, wasm2c from Debian's wabt).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
need=()
command -v arm-none-eabi-gcc >/dev/null || need+=(gcc-arm-none-eabi)
[ -d /usr/lib/arm-none-eabi/newlib ] || need+=(libnewlib-arm-none-eabi)
command -v qemu-system-arm >/dev/null || need+=(qemu-system-arm)
"$here/../apt-install.sh" ${need[@]+"${need[@]}"}
"$here/../posix/deps.sh" "$@"
