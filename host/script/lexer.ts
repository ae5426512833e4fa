// Tokens of packetdrill's dialect. Comments (// and /* */) are skipped; line numbers are kept.
import { ScriptError } from "./ast.js";

export type TokenKind = "int" | "float" | "word" | "punct" | "string" | "backquoted" | "code" | "option" | "ellipsis" | "eol";

export interface Token { kind: TokenKind; text: string; line: number }

const PUNCT = "<>()[]{}=,:.+*~|-";

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const push = (kind: TokenKind, text: string) => out.push({ kind, text, line });
  while (i < src.length) {
    const c = src[i];
    if (c === "\n") { push("eol", "\n"); line++; i++; continue; }
    if (c === " " || c === "\t" || c === "\r") { i++; continue; }
    if (src.startsWith("//", i)) { while (i < src.length && src[i] !== "\n") i++; continue; }
    if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) throw new ScriptError(line, "unterminated comment");
      for (let k = i; k < end; k++) if (src[k] === "\n") line++;
      i = end + 2;
      continue;
    }
    if (src.startsWith("%{", i)) {
      const end = src.indexOf("}%", i + 2);
      if (end < 0) throw new ScriptError(line, "unterminated %{ code block");
      push("code", src.slice(i + 2, end));
      for (let k = i; k < end; k++) if (src[k] === "\n") line++;
      i = end + 2;
      continue;
    }
    if (c === "`" || c === '"') {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new ScriptError(line, `unterminated ${c}`);
      push(c === "`" ? "backquoted" : "string", src.slice(i + 1, end));
      for (let k = i; k < end; k++) if (src[k] === "\n") line++;
      i = end + 1;
      continue;
    }
    if (src.startsWith("...", i)) { push("ellipsis", "..."); i += 3; continue; }
    if (src.startsWith("--", i) && /[A-Za-z]/.test(src[i + 2] ?? "")) {
      let j = i + 2;
      while (j < src.length && /[A-Za-z0-9_-]/.test(src[j])) j++; // packetdrill's names, and --strict-end
      push("option", src.slice(i + 2, j));
      i = j;
      continue;
    }
    const num = /^(0x[0-9a-fA-F]+|[0-9]*\.[0-9]+|[0-9]+)/.exec(src.slice(i, i + 32));
    // Digits running into letters ("05b4", a hex blob) make one word, as packetdrill's lexer reads them.
    const blob = /^[0-9][0-9A-Za-z_]*[A-Za-z_][0-9A-Za-z_]*/.exec(src.slice(i, i + 128));
    if (blob && !blob[0].startsWith("0x")) { push("word", blob[0]); i += blob[0].length; continue; }
    // ".1.2" is not a number, but "+.1...0.2" is ".1" then "..." (a blocking call's return time).
    if (num && !(num[1].startsWith(".") && src[i + num[1].length] === "." && !src.startsWith("...", i + num[1].length))) {
      push(num[1].includes(".") ? "float" : "int", num[1]);
      i += num[1].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 128));
    if (word) { push("word", word[0]); i += word[0].length; continue; }
    if (PUNCT.includes(c)) { push("punct", c); i++; continue; }
    throw new ScriptError(line, `unexpected character '${c}'`);
  }
  push("eol", "\n");
  return out;
}
