// Command-line parsing for every verb: Node's util.parseArgs in strict mode, so an unknown option, an
// option without its value or an argument too many is refused by name (exit 2, with the verb's usage)
// instead of being ignored. Values are checked here too (numbers, addresses), before anything runs.
import { parseArgs } from "node:util";
import { parseCidr, parseIp, parseMac } from "../addr.js";

/** A mistake in the command line: printed as one line and the verb's usage, exit status 2. */
export class UsageError extends Error {}

export type Options = Record<string, { type: "string" | "boolean"; short?: string }>;
export interface Parsed { values: Record<string, string | boolean | undefined>; positionals: string[] }

/** Parses `args` against `options` (plus --help/-h and --version); `max` positionals at most. */
export function parse(args: string[], options: Options, max = 0): Parsed & { help: boolean; version: boolean } {
  try {
    const r = parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" }, version: { type: "boolean" } }, strict: true, allowPositionals: true });
    const values = r.values as Parsed["values"];
    if (!values.help && !values.version && r.positionals.length > max) {
      throw new UsageError(`unexpected argument "${r.positionals[max]}"`);
    }
    return { values, positionals: r.positionals, help: values.help === true, version: values.version === true };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as { code?: string }).code ?? "";
    if (code.startsWith("ERR_PARSE_ARGS")) throw new UsageError((e as Error).message.replace(/\. To specify .*$/s, ""));
    throw e;
  }
}

const str = (p: Parsed, name: string) => p.values[name] as string | undefined;

/** A whole number option within [min, max], or undefined when absent. */
export function intOption(p: Parsed, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name}: expected a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}, got "${v}"`);
  }
  return Number(v);
}

/** Checks an address option with `check` (which throws on bad input); returns it unchanged. */
export function addressOption(p: Parsed, name: string, kind: "ip" | "cidr" | "mac"): string | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  try {
    if (kind === "ip") parseIp(v); else if (kind === "mac") parseMac(v); else parseCidr(v);
  } catch (e) { throw new UsageError(`--${name}: ${(e as Error).message}`); }
  return v;
}

/** A required string option. */
export function required(p: Parsed, name: string): string {
  const v = str(p, name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}
