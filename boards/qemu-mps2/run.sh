#!/usr/bin/env bash
# Runs a firmware in QEMU's mps2-an385 with user-mode networking: the stack is 10.0.2.15 on QEMU's
# virtual LAN, and host ports forward to it (default 127.0.0.1:7007 -> echo 7, 127.0.0.1:7009 -> discard 9).
#   boards/qemu-mps2/run.sh build/qemu-mps2/wasmtcp-wasm3.elf [ECHO_PORT [DISCARD_PORT]]
# The serial console is stdout; Ctrl-A X quits.
set -euo pipefail
elf=${1:?usage: run.sh FIRMWARE.elf [ECHO_PORT [DISCARD_PORT]]}
echo_port=${2:-7007}
discard_port=${3:-7009}
exec qemu-system-arm -machine mps2-an385 -nographic -monitor none -serial stdio \
  -nic "user,model=lan9118,net=10.0.2.0/24,hostfwd=tcp:127.0.0.1:${echo_port}-10.0.2.15:7,hostfwd=tcp:127.0.0.1:${discard_port}-10.0.2.15:9" \
  -kernel "$elf"
