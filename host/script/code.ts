// packetdrill's inline code blocks, `%{ assert tcpi_snd_cwnd == 10, tcpi_snd_cwnd }%`: the Python
// statements packetdrill runs against the tcp_info of the socket under test, as recorded at the block's
// time. Here only `assert` statements on integer expressions over the tcp_info fields this stack can
// report; anything else fails, naming what.
import { ScriptError } from "./ast.js";

/** A tcp_info field's value, or undefined when the stack cannot report it. */
export type TcpInfo = (field: string) => number | undefined;

// Linux's tcpi_state numbers (include/net/tcp_states.h), by the names packetdrill defines.
export const LINUX_TCP_STATES: Record<string, number> = {
  TCP_ESTABLISHED: 1, TCP_SYN_SENT: 2, TCP_SYN_RECV: 3, TCP_FIN_WAIT1: 4, TCP_FIN_WAIT2: 5, TCP_TIME_WAIT: 6,
  TCP_CLOSE: 7, TCP_CLOSE_WAIT: 8, TCP_LAST_ACK: 9, TCP_LISTEN: 10, TCP_CLOSING: 11,
};

type Tok = { kind: "num" | "name" | "op" | "str"; text: string };

function tokens(src: string, line: number): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:(0[xX][0-9a-fA-F]+|\d+)|([A-Za-z_][A-Za-z0-9_]*)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(==|!=|<=|>=|\/\/|[-+*/%<>(),;]))/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new ScriptError(line, `cannot run this code: '${src.slice(i).trim().split(/\s/)[0]}' is not understood (only assert statements on tcp_info fields)`);
    i = re.lastIndex;
    if (m[1] !== undefined) out.push({ kind: "num", text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: "name", text: m[2] });
    else if (m[3] !== undefined) out.push({ kind: "str", text: m[3] });
    else out.push({ kind: "op", text: m[4] });
  }
  return out;
}

type Node =
  | { k: "num"; v: number }
  | { k: "name"; name: string }
  | { k: "not"; a: Node }
  | { k: "neg"; a: Node }
  | { k: "bin"; op: string; a: Node; b: Node }
  | { k: "cmp"; ops: string[]; items: Node[] };

class Parser {
  private i = 0;
  constructor(private readonly t: Tok[], private readonly line: number) {}
  peek(): Tok | undefined { return this.t[this.i]; }
  is(text: string): boolean { const p = this.peek(); return !!p && p.kind !== "str" && p.text === text; }
  take(text: string): boolean { if (this.is(text)) { this.i++; return true; } return false; }
  fail(what: string): never { throw new ScriptError(this.line, `cannot run this code: ${what}`); }
  atEnd(): boolean { return this.i >= this.t.length; }

  /** Statements: `assert EXPR[, MESSAGE]`, separated by ';'. */
  statements(): { test: Node; message?: string }[] {
    const out: { test: Node; message?: string }[] = [];
    while (!this.atEnd()) {
      if (this.take(";")) continue;
      const first = this.peek()!;
      if (first.text !== "assert") this.fail(`'${first.text}' (only assert statements on tcp_info fields)`);
      this.i++;
      const test = this.or();
      let message: string | undefined;
      if (this.take(",")) {
        const from = this.i;
        while (!this.atEnd() && !this.is(";")) this.i++;
        message = this.t.slice(from, this.i).map((x) => x.text).join(" ");
      }
      if (!this.atEnd() && !this.is(";")) this.fail(`unexpected '${this.peek()!.text}'`);
      out.push({ test, message });
    }
    return out;
  }
  or(): Node { let a = this.and(); while (this.take("or")) a = { k: "bin", op: "or", a, b: this.and() }; return a; }
  and(): Node { let a = this.not(); while (this.take("and")) a = { k: "bin", op: "and", a, b: this.not() }; return a; }
  not(): Node { return this.take("not") ? { k: "not", a: this.not() } : this.cmp(); }
  cmp(): Node {
    const items = [this.sum()];
    const ops: string[] = [];
    while (["==", "!=", "<", "<=", ">", ">="].some((o) => this.is(o))) { ops.push(this.t[this.i++].text); items.push(this.sum()); }
    return ops.length ? { k: "cmp", ops, items } : items[0];
  }
  sum(): Node {
    let a = this.term();
    while (this.is("+") || this.is("-")) { const op = this.t[this.i++].text; a = { k: "bin", op, a, b: this.term() }; }
    return a;
  }
  term(): Node {
    let a = this.unary();
    while (this.is("*") || this.is("//") || this.is("%") || this.is("/")) {
      const op = this.t[this.i++].text;
      if (op === "/") this.fail("'/' gives a float in Python; use '//'");
      a = { k: "bin", op, a, b: this.unary() };
    }
    return a;
  }
  unary(): Node { return this.take("-") ? { k: "neg", a: this.unary() } : this.atom(); }
  atom(): Node {
    const t = this.peek();
    if (!t) this.fail("the expression ends too soon");
    this.i++;
    if (t.kind === "num") return { k: "num", v: Number(t.text) };
    if (t.kind === "name" && !["and", "or", "not", "assert"].includes(t.text)) {
      if (this.is("(")) this.fail(`calls such as ${t.text}() are not supported`);
      return { k: "name", name: t.text };
    }
    if (t.text === "(") { const e = this.or(); if (!this.take(")")) this.fail("missing ')'"); return e; }
    return this.fail(`unexpected '${t.text}'`);
  }
}

function evaluate(n: Node, lookup: (name: string) => number): number {
  switch (n.k) {
    case "num": return n.v;
    case "name": return lookup(n.name);
    case "not": return evaluate(n.a, lookup) ? 0 : 1;
    case "neg": return -evaluate(n.a, lookup);
    case "cmp": {
      let left = evaluate(n.items[0], lookup);
      for (let i = 0; i < n.ops.length; i++) {
        const right = evaluate(n.items[i + 1], lookup);
        const ok = n.ops[i] === "==" ? left === right : n.ops[i] === "!=" ? left !== right : n.ops[i] === "<" ? left < right :
          n.ops[i] === "<=" ? left <= right : n.ops[i] === ">" ? left > right : left >= right;
        if (!ok) return 0;
        left = right;
      }
      return 1;
    }
    case "bin": {
      if (n.op === "and") return evaluate(n.a, lookup) ? evaluate(n.b, lookup) : 0;
      if (n.op === "or") { const a = evaluate(n.a, lookup); return a ? a : evaluate(n.b, lookup); }
      const a = evaluate(n.a, lookup), b = evaluate(n.b, lookup);
      if ((n.op === "//" || n.op === "%") && b === 0) throw new Error("division by zero");
      return n.op === "+" ? a + b : n.op === "-" ? a - b : n.op === "*" ? a * b : n.op === "//" ? Math.floor(a / b) : a - b * Math.floor(a / b);
    }
  }
}

/** Parses a code block: throws a ScriptError naming the line for anything but assert statements. */
export function parseCode(src: string, line: number): { test: Node; message?: string }[] {
  // Python: '#' starts a comment, a newline ends a statement.
  const text = src.split("\n").map((l) => l.replace(/#.*$/, "")).join(";");
  const stmts = new Parser(tokens(text, line), line).statements();
  if (!stmts.length) throw new ScriptError(line, "cannot run this code: the block is empty");
  return stmts;
}

/** Runs a parsed code block against one tcp_info snapshot. */
export function runCode(stmts: { test: Node; message?: string }[], info: TcpInfo, line: number): void {
  const lookup = (name: string): number => {
    if (name in LINUX_TCP_STATES) return LINUX_TCP_STATES[name];
    const v = info(name);
    if (v === undefined) {
      throw new ScriptError(line, name.startsWith("tcpi_") ? `cannot run this code: ${name} is not reported by this stack` : `cannot run this code: unknown name '${name}'`);
    }
    return v;
  };
  for (const s of stmts) {
    if (evaluate(s.test, lookup)) continue;
    const names = new Set<string>();
    const collect = (n: Node) => { if (n.k === "name") names.add(n.name); else if (n.k === "not" || n.k === "neg") collect(n.a); else if (n.k === "bin") { collect(n.a); collect(n.b); } else if (n.k === "cmp") n.items.forEach(collect); };
    collect(s.test);
    const values = [...names].filter((x) => !(x in LINUX_TCP_STATES)).map((x) => `${x} = ${lookup(x)}`).join(", ");
    throw new ScriptError(line, `assertion failed${s.message ? ` (${s.message})` : ""}: ${values}`);
  }
}
