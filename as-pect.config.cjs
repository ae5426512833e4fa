// as-pect configuration (CommonJS: the package is "type": "module"). Run with `npm run test:as`.
// The compiler options are in as-pect.asconfig.json (found by asp at its default path).
module.exports = {
  /** Spec files; each is compiled into its own module with the as-pect harness. */
  entries: ["tests/as/**/*.spec.ts"],
  /** Files added to every compilation (none). */
  include: ["tests/as/**/*.include.ts"],
  disclude: [/node_modules/],
  /**
   * The core's host imports (module "env", see assembly/host.ts) are no-ops here: the specs exercise
   * parsers and containers that never transmit; trace() is an optional hook that never alters behaviour.
   */
  async instantiate(memory, createImports, instantiate, binary) {
    const env = {
      memory,
      link_send(_ptr, _len) {},
      trace(_kind, _a, _b, _c) {},
    };
    return instantiate(binary, createImports({ env }));
  },
  outputBinary: false,
};
