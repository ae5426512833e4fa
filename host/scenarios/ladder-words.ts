// The fixed words of the terminal and SVG ladders (timers, drops and their answers, pauses, loss, the
// facts' labels, the script's notes) in each language. State names, flags, socket calls and error names
// stay as written: they are what a student looks up. Packet comments in captures stay in English.
import type { Lang } from "./lang.js";

export interface LadderWords {
  timer(name: string): string;
  /** A discarded segment, and what the receiver answered, if anything. */
  drop(flags: string, reason: string, answer?: string): string;
  error(e: string): string;
  /** "2 h later": the parts are already formatted ("2 h", "1 min 15 s"). */
  later(parts: string): string;
  lost: string;
  rexmt: string;
  arrives(at: string): string;
  /** Under a raw party's name: what it is. */
  raw: string;
  rawFrames: string;
  note(note: string): string;
  fact(key: string): string;
  app(text: string): string;
  /** "scenario NAME" under the picture's title. */
  scenario: string;
}

const TIMERS_EN: Record<string, string> = {
  REXMT: "retransmission timer", PERSIST: "persist timer", DELACK: "delayed-ACK timer",
  KEEPALIVE: "keepalive timer", TIME_WAIT: "2MSL timer ends TIME_WAIT", FIN_WAIT_2: "FIN_WAIT_2 timer",
  TLP: "tail loss probe timer", REORDER: "RACK reordering timer",
};
const words = (reason: string) => reason.replace(/_/g, " ");

const en: LadderWords = {
  timer: (n) => TIMERS_EN[n] ?? `${n} timer`,
  drop: (f, r, a) => (a ? `${f} ${words(r)}: answers with ${a}` : `drops ${f}: ${words(r)}`),
  error: (e) => `error ${e}`,
  later: (p) => `${p} later`,
  lost: "lost", rexmt: " (rexmt)", arrives: (at) => ` (arrives ${at})`,
  raw: "raw", rawFrames: "raw frames",
  note: (n) => n, fact: (k) => k, app: (t) => t, scenario: "scenario",
};

const TIMERS_ZH: Record<string, string> = {
  REXMT: "重传定时器", PERSIST: "坚持定时器", DELACK: "延迟确认定时器", KEEPALIVE: "保活定时器",
  TIME_WAIT: "2MSL 定时器到期，TIME_WAIT 结束", FIN_WAIT_2: "FIN_WAIT_2 定时器", TLP: "尾部丢失探测定时器",
  REORDER: "RACK 重排序定时器",
};
const REASONS_ZH: Record<string, string> = {
  not_acceptable: "不可接受", bad_ack: "ACK 无效", no_socket: "没有对应的套接字", rst_invalid: "RST 不在 RCV.NXT",
  syn_invalid: "已同步连接上的 SYN", backlog_full: "accept 队列已满", half_open_full: "半连接队列已满",
};
const ANSWERS_ZH: Record<string, string> = { "ACK": "ACK", "challenge ACK": "挑战 ACK", "RST": "RST" };
const FACTS_ZH: Record<string, string> = {
  "connect() failed after (s)": "connect() 失败于（s）",
  "ISN of the first connection": "第一条连接的 ISN",
  "ISN of the new connection": "新连接的 ISN",
  "client error": "客户端错误",
  "server error": "服务器错误",
  "client RTO after the handshake (ms)": "握手后客户端的 RTO（ms）",
  "client read": "客户端读到",
  "server read": "服务器读到",
  "client read in FIN_WAIT_2": "客户端在 FIN_WAIT_2 读到",
  "bytes still unacknowledged at the client": "客户端仍未被确认的字节数",
  "connections left": "剩余连接数",
  "port 40000 again, 1 s later: ISN grew by": "1 s 后再次使用端口 40000：ISN 增加了",
  "server accepted a connection from port": "服务器接受的连接来自端口",
  "client congestion window after recovery (bytes)": "恢复后客户端的拥塞窗口（字节）",
  "client connected after (s)": "客户端建立连接用时（s）",
  "tail loss probes sent": "发送的尾部丢失探测数",
  "client congestion window on the retransmission (bytes)": "重传时客户端的拥塞窗口（字节）",
  "client congestion window after the undo (bytes)": "撤销后客户端的拥塞窗口（字节）",
  "spurious retransmissions": "伪重传数",
  "window reductions undone": "撤销的窗口削减数",
  "reordering seen (segments)": "观察到的重排序（报文段）",
  "reordering window now (ms)": "当前重排序窗口（ms）",
  "D-SACK blocks sent by the server": "服务器发送的 D-SACK 块数",
  "client congestion window before the second burst (bytes)": "第二批发送前客户端的拥塞窗口（字节）",
  "retransmissions": "重传数",
  "retransmission timeouts": "重传超时次数",
  "connection reset after": "连接被重置于",
  "SYN-ACK acknowledges": "SYN-ACK 确认的是",
  "cookie": "cookie",
  "time counter": "时间计数器",
  "MSS index": "MSS 索引",
  "MSS from the cookie": "从 cookie 还原的 MSS",
  "accepted": "已 accept",
  "connect from port 40000 during TIME_WAIT": "TIME_WAIT 期间从端口 40000 发起 connect",
  "initial and least RTO (ms, --rto)": "初始 RTO 及其下限（ms，--rto）",
  "address": "地址",
  "lookup took (ms)": "查询用时（ms）",
  "queries sent": "发送的查询数",
  "answered from the cache": "由缓存回答的查询数",
};
/** The script's notes; socket calls are left as they are, with their words translated. */
const APPS_ZH: [RegExp, string][] = [
  [/^recv\(\) = 0 \(end of stream\)$/, "recv() = 0（流结束）"],
  [/^recv\(\) (\d+) bytes$/, "recv() $1 字节"],
  [/^send\((\d+) bytes\) took (\d+)$/, "send($1 字节) 只写入 $2"],
  [/^send\((\d+) bytes\)$/, "send($1 字节)"],
  [/^(connect\([\d.:]+) from port (\d+)\)/, "$1，本地端口 $2)"],
  [/^SYN with (\d+) bytes$/, "携带 $1 字节的 SYN"],
  [/^new ISN (\d+), the old one was (\d+)$/, "新的 ISN $1，旧的是 $2"],
  [/^close\(\) within the delayed-ACK time$/, "close()（在延迟确认时间内）"],
  [/^old duplicate SYN$/, "旧的重复 SYN"],
  [/^RST in the window, not at RCV\.NXT$/, "窗口内但不在 RCV.NXT 的 RST"],
  [/^RST outside the window$/, "窗口外的 RST"],
  [/^RST exactly at RCV\.NXT$/, "恰好在 RCV.NXT 的 RST"],
  [/^SYN on the established connection$/, "已建立连接上的 SYN"],
  [/^keepalive: idle (\d+) s, interval (\d+) s, (\d+) probes$/, "保活：空闲 $1 s，间隔 $2 s，探测 $3 次"],
  [/^keepalive on \(idle (\d+) h, interval (\d+) s, (\d+) probes\)$/, "开启保活（空闲 $1 h，间隔 $2 s，探测 $3 次）"],
  [/^unplugged$/, "网线被拔出"],
  [/^(\S+) is ([\d.]+)$/, "$1 的地址是 $2"],
  [/^SYNs with forged sources (.*)$/, "伪造源地址的 SYN：$1"],
  [/^ACK (\S+) - 1 = cookie (\S+); minus H1 (\S+) and client ISN (\S+)$/, "ACK $1 - 1 = cookie $2；减去 H1 $3 和客户端 ISN $4"],
  [/^counter (\d+) \(top 8 bits (\d+), age (\d+)\); low 24 bits - H2 = MSS index (\d+): MSS (\d+)$/,
    "计数器 $1（最高 8 位 $2，已过 $3 个周期）；低 24 位 - H2 = MSS 索引 $4：MSS $5"],
];

const zh: LadderWords = {
  timer: (n) => TIMERS_ZH[n] ?? `${n} 定时器`,
  drop: (f, r, a) => (a ? `${f} ${REASONS_ZH[r] ?? words(r)}：回复 ${ANSWERS_ZH[a] ?? a}` : `丢弃 ${f}：${REASONS_ZH[r] ?? words(r)}`),
  error: (e) => `错误 ${e}`,
  later: (p) => `${p} 后`,
  lost: "丢失", rexmt: "（重传）", arrives: (at) => `（${at} 到达）`,
  raw: "原始帧", rawFrames: "原始帧",
  note: (n) => n.replace(/: no answer$/, "：无应答"),
  fact: (k) => FACTS_ZH[k] ?? k.replace(/^client ISN from port (\d+)$/, "客户端端口 $1 的 ISN"),
  app: (t) => { for (const [re, to] of APPS_ZH) if (re.test(t)) return t.replace(re, to); return t; },
  scenario: "场景",
};

export function ladderWords(lang: Lang = "en"): LadderWords { return lang === "zh-CN" ? zh : en; }
