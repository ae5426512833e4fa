#!/usr/bin/env bash
# What the cross builds need from Debian: the Arm and RISC-V bare-metal compilers with their C libraries
# (newlib for Arm, picolibc for RISC-V); plus the posix board's deps (wasm3 from PyPI, wasm2c from wabt).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
need=()
command -v arm-none-eabi-gcc >/dev/null || need+=(gcc-arm-none-eabi)
[ -d /usr/lib/arm-none-eabi/newlib ] || need+=(libnewlib-arm-none-eabi)
command -v riscv64-unknown-elf-gcc >/dev/null || need+=(gcc-riscv64-unknown-elf)
[ -f /usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs ] || need+=(picolibc-riscv64-unknown-elf)
"$here/../apt-install.sh" ${need[@]+"${need[@]}"}
"$here/../posix/deps.sh" "$@"
