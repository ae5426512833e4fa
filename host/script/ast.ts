// The parsed form of a script in packetdrill's dialect (its grammar: parser.y and lexer.l of packetdrill).

/** When an event happens, in ms of script time. */
export type EventTime =
  | { kind: "absolute"; ms: number; endMs?: number }
  | { kind: "relative"; ms: number; endMs?: number } // "+0.1", "+0~+0.2"
  | { kind: "any" }; // "*"

export type TcpOption =
  | { kind: "mss"; value: number }
  | { kind: "nop" }
  | { kind: "eol" }
  | { kind: "wscale"; value: number }
  | { kind: "sackOK" }
  | { kind: "sack"; blocks: [number, number][] }
  | { kind: "TS"; val: number; ecr: number }
  /** Any other option, as sent: packetdrill's FO (34), FOEXP (254), md5 (19), and nplab packetdrill's gen-<kind>. */
  | { kind: "generic"; code: number; data: number[]; name: string };

export interface PacketAction {
  kind: "packet";
  direction: "<" | ">";
  flags: string; // as written: "S", "S.", "P.", "F.", "R", "."
  seqStart: number;
  seqEnd: number;
  length: number;
  ack?: number;
  window?: number;
  urgent?: number;
  /** null: "<...>", options not checked (outbound) or none sent (inbound). */
  options: TcpOption[] | null;
}

export type Expr =
  | { kind: "int"; value: number }
  | { kind: "ellipsis" }
  | { kind: "word"; name: string } // a symbolic constant: SOL_SOCKET, SO_REUSEADDR, ...
  | { kind: "or"; items: Expr[] } // O_RDWR|O_NONBLOCK
  | { kind: "list"; items: Expr[] } // [1]
  | { kind: "struct"; fields: Record<string, Expr> } // {l_onoff=1, l_linger=0}
  | { kind: "string"; value: string };

export interface SyscallAction {
  kind: "syscall";
  name: string;
  args: Expr[];
  result: Expr;
  errno?: string;
  /** "...t": the call blocks and returns at this time (ms; relative like the event time). */
  endMs?: number;
}

/** Something the runner cannot execute: a shell command. Running one fails the script. */
export interface UnsupportedAction { kind: "unsupported"; what: string }

/** A `%{ }%` block: Python run against the tcp_info of the socket under test (see code.ts). */
export interface CodeAction { kind: "code"; text: string }

export interface ScriptEvent { line: number; time: EventTime; action: PacketAction | SyscallAction | UnsupportedAction | CodeAction }

export interface Script {
  /** "--name=value" header lines, and the line of each. */
  options: Record<string, string>;
  optionLines: Record<string, number>;
  events: ScriptEvent[];
}

export class ScriptError extends Error {
  constructor(readonly line: number, message: string) { super(`line ${line}: ${message}`); }
}
