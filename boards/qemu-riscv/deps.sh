#!/usr/bin/env bash
# What the RISC-V replay programs build and run with, from Debian: the cross builds' compilers and
# libraries (boards/cross/deps.sh, which adds the posix board's engines) and QEMU's RISC-V emulators.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v qemu-system-riscv32 >/dev/null || "$here/../apt-install.sh" qemu-system-misc
"$here/../cross/deps.sh" "$@"
