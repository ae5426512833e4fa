#!/usr/bin/env bash
# Installs the Debian packages named, for the boards' deps.sh scripts (as root, or through sudo).
set -euo pipefail
[ $# -gt 0 ] || exit 0
echo "deps: installing $*" >&2
sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
