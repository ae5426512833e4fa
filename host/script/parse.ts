// A parser for scripts in packetdrill's dialect: header options, then one event per line,
// "<time> <packet | system call | `command` | %{code}%>".
import { tokenize, type Token } from "./lexer.js";
import { ScriptError, type Script, type ScriptEvent, type EventTime, type PacketAction, type SyscallAction, type TcpOption, type Expr, type UnsupportedAction } from "./ast.js";

class Cursor {
  private i = 0;
  constructor(private readonly toks: Token[]) {}
  peek(k = 0): Token { return this.toks[Math.min(this.i + k, this.toks.length - 1)]; }
  next(): Token { return this.toks[Math.min(this.i++, this.toks.length - 1)]; }
  atEnd(): boolean { return this.i >= this.toks.length - 1; }
  is(text: string, k = 0): boolean { const t = this.peek(k); return t.kind !== "string" && t.text === text; }
  accept(text: string): boolean { if (this.is(text)) { this.i++; return true; } return false; }
  expect(text: string): Token {
    const t = this.next();
    if (t.text !== text || t.kind === "string") throw new ScriptError(t.line, `expected '${text}' but found '${t.text.trim() || "end of line"}'`);
    return t;
  }
  int(): number {
    const t = this.next();
    const neg = t.text === "-";
    const n = neg ? this.next() : t;
    if (n.kind !== "int") throw new ScriptError(t.line, `expected a number but found '${n.text.trim() || "end of line"}'`);
    const v = Number(n.text);
    return neg ? -v : v;
  }
  save(): number { return this.i; }
  restore(i: number): void { this.i = i; }
  skipEol(): void { while (this.peek().kind === "eol" && !this.atEnd()) this.i++; }
}

/** Seconds as written in a script, to ms. */
function seconds(t: Token): number {
  if (t.kind !== "int" && t.kind !== "float") throw new ScriptError(t.line, `expected a time but found '${t.text.trim()}'`);
  return Math.round(Number(t.text) * 1e6) / 1e3;
}

function parseTime(c: Cursor): EventTime {
  if (c.accept("*")) return { kind: "any" };
  const rel = c.accept("+");
  const ms = seconds(c.next());
  let endMs: number | undefined;
  if (c.accept("~")) { c.accept("+"); endMs = seconds(c.next()); }
  return rel ? { kind: "relative", ms, endMs } : { kind: "absolute", ms, endMs };
}

function parseOptions(c: Cursor): TcpOption[] | null {
  c.expect("<");
  if (c.peek().kind === "ellipsis") { c.next(); c.expect(">"); return null; }
  const opts: TcpOption[] = [];
  while (!c.accept(">")) {
    const t = c.next();
    switch (t.text) {
      case "mss": opts.push({ kind: "mss", value: c.int() }); break;
      case "nop": opts.push({ kind: "nop" }); break;
      case "eol": opts.push({ kind: "eol" }); break;
      case "wscale": opts.push({ kind: "wscale", value: c.int() }); break;
      case "sackOK": opts.push({ kind: "sackOK" }); break;
      case "TS": c.expect("val"); { const val = c.int(); c.expect("ecr"); opts.push({ kind: "TS", val, ecr: c.int() }); } break;
      case "sack": {
        const blocks: [number, number][] = [];
        while (c.peek().kind === "int") { const a = c.int(); c.expect(":"); blocks.push([a, c.int()]); }
        opts.push({ kind: "sack", blocks });
        break;
      }
      case "FO": case "FOEXP": case "md5": {
        const data = hexBlob(c, t.text !== "md5");
        if (t.text === "FO") opts.push({ kind: "generic", code: 34, data, name: `FO` });
        else if (t.text === "FOEXP") opts.push({ kind: "generic", code: 254, data: [0xf9, 0x89, ...data], name: "FOEXP" });
        else opts.push({ kind: "generic", code: 19, data, name: "md5" });
        break;
      }
      case "gen": {
        c.expect("-");
        const code = c.int();
        if (code < 0 || code > 255) throw new ScriptError(t.line, "TCP option kind out of range");
        opts.push({ kind: "generic", code, data: hexBlob(c, true), name: `gen-${code}` });
        break;
      }
      default: throw new ScriptError(t.line, `unsupported TCP option '${t.text.trim() || "end of line"}'`);
    }
    c.accept(",");
  }
  return opts;
}

/** An option's data as hex digits (packetdrill's hex_blob); optional where packetdrill allows none. */
function hexBlob(c: Cursor, optional: boolean): number[] {
  const t = c.peek();
  if (t.kind !== "int" && t.kind !== "word") {
    if (optional) return [];
    throw new ScriptError(t.line, `expected option data in hex but found '${t.text.trim() || "end of line"}'`);
  }
  if (!/^([0-9A-Fa-f]{2})+$/.test(t.text)) throw new ScriptError(t.line, `option data '${t.text}' is not an even number of hex digits`);
  c.next();
  return t.text.match(/../g)!.map((h) => parseInt(h, 16));
}

const FLAG_CHARS = /^[SFRPUEWC.]+$/;

function parsePacket(c: Cursor, line: number): PacketAction {
  const direction = c.next().text as "<" | ">";
  // Flags are written as letters and '.', which the lexer splits into words and punctuation.
  let flags = "";
  while ((c.peek().kind === "word" && FLAG_CHARS.test(c.peek().text)) || c.is(".")) flags += c.next().text;
  if (!flags) throw new ScriptError(line, `expected TCP flags after '${direction}' (UDP and ICMP packets are not supported)`);
  const seqStart = c.int();
  c.expect(":");
  const seqEnd = c.int();
  c.expect("(");
  const length = c.int();
  c.expect(")");
  if (((seqEnd - seqStart) >>> 0) !== length) throw new ScriptError(line, "inconsistent TCP sequence numbers and payload length");
  const p: PacketAction = { kind: "packet", direction, flags, seqStart, seqEnd, length, options: direction === ">" ? null : [] };
  let sawOptions = false;
  for (;;) {
    if (c.accept("ack")) p.ack = c.int();
    else if (c.accept("win")) p.window = c.int();
    else if (c.accept("urg")) p.urgent = c.int();
    else if (c.is("<")) { p.options = parseOptions(c); sawOptions = true; }
    else break;
  }
  // Outbound without an option list expects none (packetdrill); "<...>" checks nothing.
  if (direction === ">" && !sawOptions) p.options = [];
  return p;
}

function parseExpr(c: Cursor): Expr {
  const t = c.peek();
  let e: Expr;
  if (t.kind === "ellipsis") { c.next(); e = { kind: "ellipsis" }; }
  else if (t.kind === "string") { c.next(); e = { kind: "string", value: t.text }; }
  else if (t.kind === "int" || t.text === "-") e = { kind: "int", value: c.int() };
  else if (t.kind === "word") { c.next(); e = { kind: "word", name: t.text }; }
  else if (c.accept("[")) {
    const items: Expr[] = [];
    while (!c.accept("]")) { items.push(parseExpr(c)); c.accept(","); }
    e = { kind: "list", items };
  } else if (c.accept("{")) {
    const fields: Record<string, Expr> = {};
    while (!c.accept("}")) {
      const name = c.next();
      if (name.kind !== "word") throw new ScriptError(name.line, `expected a field name but found '${name.text.trim()}'`);
      c.expect("=");
      fields[name.text] = parseExpr(c);
      c.accept(",");
    }
    e = { kind: "struct", fields };
  } else throw new ScriptError(t.line, `unexpected '${t.text.trim() || "end of line"}' in an expression`);
  if (c.is("|")) {
    const items: Expr[] = [e];
    while (c.accept("|")) items.push(parseExpr(c));
    e = { kind: "or", items };
  }
  return e;
}

function parseSyscall(c: Cursor, line: number): SyscallAction {
  let endMs: number | undefined;
  if (c.peek().kind === "ellipsis") { c.next(); c.accept("+"); endMs = seconds(c.next()); }
  const name = c.next();
  if (name.kind !== "word") throw new ScriptError(line, `expected a packet or a system call but found '${name.text.trim()}'`);
  c.expect("(");
  const args: Expr[] = [];
  while (!c.accept(")")) { args.push(parseExpr(c)); if (!c.is(")")) c.expect(","); }
  c.expect("=");
  const result = parseExpr(c);
  const s: SyscallAction = { kind: "syscall", name: name.text, args, result, endMs };
  if (c.peek().kind === "word" && /^E[A-Z0-9]+$/.test(c.peek().text)) s.errno = c.next().text;
  if (c.is("(")) { let depth = 0; do { if (c.is("(")) depth++; if (c.is(")")) depth--; c.next(); } while (depth > 0 && c.peek().kind !== "eol"); }
  return s;
}

/** A system call, or, when its arguments use syntax this parser does not know (sendmsg's and ioctl's
 *  structures, epoll events), an unsupported action that fails when the line runs. */
function syscallOrUnsupported(c: Cursor, line: number): SyscallAction | UnsupportedAction {
  const start = c.save();
  try { return parseSyscall(c, line); } catch (e) {
    if (!(e instanceof ScriptError)) throw e;
    c.restore(start);
    if (c.peek().kind === "ellipsis") { c.next(); c.accept("+"); c.next(); }
    const name = c.next();
    if (name.kind !== "word" || !c.is("(")) throw e;
    // Skip to the end of the call, whose brackets may span lines, then to the end of the line.
    for (let depth = 0; !c.atEnd() && (depth > 0 || c.peek().kind !== "eol");) {
      const t = c.next();
      if (t.kind === "punct" && "([{".includes(t.text)) depth++;
      else if (t.kind === "punct" && ")]}".includes(t.text)) depth--;
    }
    return { kind: "unsupported", what: `system call ${name.text}() (its arguments are not understood here)` };
  }
}

export function parseScript(src: string): Script {
  const c = new Cursor(tokenize(src));
  const script: Script = { options: {}, optionLines: {}, events: [] };
  c.skipEol();
  while (c.peek().kind === "option") {
    const o = c.next();
    let value = "";
    if (c.accept("=")) {
      while (c.peek().kind !== "eol" && c.peek().kind !== "option") value += c.next().text;
    }
    script.options[o.text] = value;
    script.optionLines[o.text] = o.line;
    c.skipEol();
  }
  while (!c.atEnd()) {
    c.skipEol();
    if (c.atEnd()) break;
    const first = c.peek();
    const line = first.line;
    let ev: ScriptEvent;
    if (first.kind === "backquoted") { c.next(); ev = { line, time: { kind: "relative", ms: 0 }, action: { kind: "unsupported", what: `shell command \`${first.text}\`` } }; }
    else {
      const time = parseTime(c);
      const t = c.peek();
      if (t.kind === "backquoted") { c.next(); ev = { line, time, action: { kind: "unsupported", what: `shell command \`${t.text}\`` } }; }
      else if (t.kind === "code") { c.next(); ev = { line, time, action: { kind: "code", text: t.text } }; }
      else if (c.is("<") || c.is(">")) ev = { line, time, action: parsePacket(c, line) };
      else ev = { line, time, action: syscallOrUnsupported(c, line) };
    }
    if (c.peek().kind !== "eol") throw new ScriptError(c.peek().line, `unexpected '${c.peek().text}' at the end of the line`);
    script.events.push(ev);
  }
  return script;
}
