# What every board's Makefile finds in the same place: the repository's build/ (the .wasm, and the engines'
# sources that deps.sh fetched) and boards/common. Each board sets OUT after including this.
ROOT   := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
DEPS   := $(ROOT)/build/deps
WASM   := $(ROOT)/build/wasmtcp.wasm
COMMON := ../common
WASM3  := $(DEPS)/pywasm3-0.5.0/wasm3
# wasm3's settings, the same for every board (common/wasm3_config.h). The interpreter relies on
# sibling-call optimisation (-O2), or its op handlers nest deeper (as they must on the Cortex-M0+).
# -fwrapv: wasm3 0.5.0 adds and multiplies signed integers in C, where overflow is undefined; wasm wraps
# (upstream fixed it after 0.5.0, boards/README.md), and the core's sequence numbers and hashes overflow.
WASM3_FLAGS := -O2 -fwrapv -DNASSERTS -include $(ROOT)/boards/common/wasm3_config.h
# wasm2c's runtime from Debian's wabt (wasm-rt.h, wasm-rt-impl.h and .c): looked up when a recipe runs,
# after deps.sh has installed it.
W2C_RT  = $(firstword $(patsubst %/wasm-rt-impl.c,%,$(wildcard /usr/src/wasm2c/wasm-rt-impl.c /usr/share/wabt/wasm2c/wasm-rt-impl.c)))
