#!/usr/bin/env bash
# Boots the firmware in QEMU's mps2-an385 (Cortex-M3, LAN9118). `npm run qemu -- ARGS` runs this.
#   run.sh [--engine wasm3|wasm2c] [--elf FILE] --dev TAP --ip A.B.C.D/N|dhcp [--name NAME] [--gw A.B.C.D] [--mac M] [--seed N]
#          [--serve echo:7,http:80] [--echo-to A.B.C.D:PORT:BYTES]
#       the NIC on an existing TAP device (ip tuntap add dev TAP mode tap; give the Linux side an address in
#       the same subnet); the other options reach the firmware through semihosting, as `wasmtcp tap` takes them
#   run.sh [--engine wasm3|wasm2c] [--port-base P]
#       QEMU's user-mode network instead: the stack is 10.0.2.15; 127.0.0.1:P forwards to its echo port 7 and
#       P+2 to discard 9 (P defaults to 7007); the guest reaches nothing else (restrict=on)
# --elf boots another build's firmware instead of build/qemu-mps2/wasmtcp-ENGINE.elf.
# Without --seed a random one is passed: the board has no entropy of its own at reset.
# The serial console is stdin/stdout: any key prints a report (heap, stack peak, counters); Ctrl-A X quits.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
engine=wasm3 elf= dev= port_base=7007 have_seed=
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) engine=${2:?--engine needs wasm3 or wasm2c}; shift 2 ;;
    --elf) elf=${2:?--elf needs a file}; shift 2 ;;
    --dev) dev=${2:?--dev needs a TAP device}; shift 2 ;;
    --port-base) port_base=${2:?}; shift 2 ;;
    --ip|--name|--gw|--mac|--serve|--seed|--echo-to) [ "$1" = --seed ] && have_seed=1; args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    *) echo "run.sh: unknown option $1 (see the comment at the top of boards/qemu-mps2/run.sh)" >&2; exit 2 ;;
  esac
done
case "$engine" in wasm3|wasm2c) ;; *) echo "run.sh: --engine is wasm3 or wasm2c" >&2; exit 2 ;; esac
elf=${elf:-"$root/build/qemu-mps2/wasmtcp-$engine.elf"}
[ -f "$elf" ] || { echo "run.sh: $elf is missing: npm run build:wasm && npm run build:qemu" >&2; exit 1; }
[ -n "$have_seed" ] || args+=(--seed "0x$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')")

if [ -n "$dev" ]; then
  printf '%s\n' "${args[@]}" | grep -qx -- --ip || { echo "run.sh: --dev needs --ip A.B.C.D/N or --ip dhcp" >&2; exit 2; }
  nic="tap,ifname=$dev,script=no,downscript=no,model=lan9118"
else
  nic="user,model=lan9118,restrict=on,net=10.0.2.0/24,hostfwd=tcp:127.0.0.1:${port_base}-10.0.2.15:7,hostfwd=tcp:127.0.0.1:$((port_base + 2))-10.0.2.15:9"
fi
exec qemu-system-arm -machine mps2-an385 -nographic -monitor none -serial stdio \
  -semihosting-config enable=on,target=native -nic "$nic" -kernel "$elf" -append "${args[*]}"
