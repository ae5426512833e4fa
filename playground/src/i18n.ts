// The page's words in English and Simplified Chinese (the course this project grew from is taught in
// Chinese). RFC names (SND.UNA, SYN, ESTABLISHED...) and socket calls stay as written in both: they are
// what a student looks up. Static text in index.html names its key in data-i18n (text), data-i18n-title
// and data-i18n-label (aria-label); everything drawn by the script asks `t`.
import { LANGS, type Lang } from "../../host/scenarios/lang.js";
export type { Lang };

const en = {
  "page.title": "wasmtcp playground",
  "scenario.label": "Scenario",
  "free.option": "free mode — your own calls",
  "free.title": "Free mode: your own calls on two stacks",
  "free.explanation": "Each button makes one socket call on that side's stack at the current virtual time. The server " +
    "accepts connections as they arrive. Step to watch the segments your calls cause; click a segment to lose it.",
  "time.label": "Time",
  "reset": "⟲ Reset", "reset.title": "Reset (R)",
  "back": "◀ Back", "back.title": "Back one event (←)",
  "step": "Step ▶", "step.title": "Step one event (→ or Space; Home and End jump)",
  "play": "▶ Play", "pause": "❚❚ Pause", "play.title": "Play / Pause (P)",
  "speed.label": "Speed",
  "lang.label": "Language",
  "big": "A+", "big.title": "Large type for a projector (+ and -)",
  "help": "?", "help.title": "Keyboard (?)",
  "keys.title": "Keyboard",
  "keys.step": "one event on", "keys.back": "one event back", "keys.ends": "the start, the end",
  "keys.play": "play or pause", "keys.reset": "reset: forget every change",
  "keys.select": "select the previous or next segment shown", "keys.apply": "lose (or delay, duplicate) the selected segment",
  "keys.big": "large type on, off", "keys.lang": "next language", "keys.help": "this list (Esc closes it)",
  "clock": "t = {0} · event {1} of {2}",
  "running": "running the stacks…",
  "stopped": "The scenario's script stopped: {0}",
  "lostByScenario": "That segment is lost already: by the scenario itself or by the network faults.",
  "undoLose": "undo: lose {0} → {1} segment #{2}",
  "undoDelay": "undo: delay {0} → {1} segment #{2} by {3} ms",
  "undoDup": "undo: duplicate {0} → {1} segment #{2}",
  "undoAttack": "undo: {0} against {1} at {2}",
  "isCopy": "That segment is a copy the link made: click the original.",
  "live.title": "Live: a real stack on a TAP device",
  "live.explanation": "A real stack runs in real time on a TAP device (`wasmtcp tap --view`, or a board's --events stream through " +
    "`wasmtcp view`): every segment it sends or receives and every change of state appears here as it happens. Step back " +
    "to look at the past; End follows the present again.",
  "live.peer": "the other hosts on the TAP device (Linux, a board): only their segments are seen here",
  "live.ended": "The live stream ended: the stack has stopped.",
  "click.delay": "delay it by", "click.ms": "ms", "click.dup": "duplicate it",
  "net": "Network faults (random, seeded)", "net.loss": "loss %", "net.delay": "delay ms", "net.reorder": "reorder %",
  "attacker": "Attacker", "attack.target": "against",
  "attack.syn": "forged SYN", "attack.syn.title": "A SYN from an address nobody answers for: one step of a SYN flood",
  "attack.rst-exact": "RST at RCV.NXT", "attack.rst-exact.title": "A blind RST that guessed the exact sequence number: the connection is reset",
  "attack.rst-window": "RST in window", "attack.rst-window.title": "A blind RST inside the receive window: a challenge ACK (RFC 5961 3.2)",
  "attack.rst-outside": "RST outside", "attack.rst-outside.title": "A blind RST outside the receive window: dropped",
  "faults": "Faults",
  "clickTo": "Click a segment to",
  "click.lose": "lose it", "click.inspect": "inspect it",
  "absolute": "absolute sequence numbers",
  "exports": "Export what is shown", "export.label": "Export",
  "dl.pcap.title": "Download the frames so far as a pcap (Wireshark)",
  "dl.pcapng.title": "Download the frames so far as pcapng, lost ones included and commented (Wireshark)",
  "dl.json.title": "Download the trace so far as JSON",
  "dl.svg.title": "Download the ladder so far as SVG",
  "share": "link", "share.title": "Copy a link to exactly this situation",
  "inspector": "Selected segment",
  "inspector.empty": "Click a segment to see its header.",
  "raw": "raw frames",
  "raw.note": "sends crafted segments: no TCP state of its own",
  "halfOpen": "half-open: not a socket until accepted",
  "closedByApp": "closed by the application: no handle to read",
  "seg.fromTo": "from → to", "seg.sent": "sent", "seg.arrived": "arrived", "seg.lost": "lost on the link", "seg.inFlight": "in flight", "seg.onWire": "sent on the wire (its arrival is not seen)",
  "seg.source": "source", "seg.dest": "dest.", "seg.flags": "flags", "seg.none": "none", "seg.noAck": "— (no ACK flag)",
  "seg.window": "window", "seg.scaled": " (×scale = {0} bytes)", "seg.bytes": " bytes", "seg.data": "data", "seg.dataBytes": "{0} bytes",
  "seg.options": "options", "seg.drawn": "as drawn", "seg.rexmt": "rexmt", "seg.rexmtYes": "yes: a retransmission", "seg.rexmtNo": "no",
  "bytesToSend": "bytes to send", "bytesSent": "bytes {0} sends",
  "call.recv": "read",
  "tcb.unacked": "unacked", "tcb.unread": "unread",
  "timer.in": "{0} in <b>{1} s</b>", "timer.none": "no timer running",
  "timer.rexmtAt": "retransmission", "timer.persistAt": "persist", "timer.delackAt": "delayed ACK", "timer.keepaliveAt": "keepalive",
  "timer.2msl": "2MSL (TIME_WAIT)", "timer.finwait2": "FIN_WAIT_2 timeout",
};
type Key = keyof typeof en;

const zh: Record<Key, string> = {
  "page.title": "wasmtcp 演练场",
  "scenario.label": "场景",
  "free.option": "自由模式 — 自己调用",
  "free.title": "自由模式：在两个协议栈上自己调用",
  "free.explanation": "每个按钮在该端的协议栈上、于当前虚拟时间做一次套接字调用。服务器在连接到达时自动接受。" +
    "单步执行，观察你的调用引发的报文段；点击一个报文段即可让它丢失。",
  "time.label": "时间",
  "reset": "⟲ 重置", "reset.title": "重置 (R)",
  "back": "◀ 后退", "back.title": "后退一个事件 (←)",
  "step": "单步 ▶", "step.title": "前进一个事件（→ 或空格；Home 与 End 跳到首尾）",
  "play": "▶ 播放", "pause": "❚❚ 暂停", "play.title": "播放 / 暂停 (P)",
  "speed.label": "速度",
  "lang.label": "语言",
  "big": "A+", "big.title": "投影用大字号（+ 与 -）",
  "help": "?", "help.title": "键盘操作 (?)",
  "keys.title": "键盘操作",
  "keys.step": "前进一个事件", "keys.back": "后退一个事件", "keys.ends": "跳到开头、结尾",
  "keys.play": "播放或暂停", "keys.reset": "重置：撤销所有改动",
  "keys.select": "选中前一个或后一个已显示的报文段", "keys.apply": "让选中的报文段丢失（或延迟、复制）",
  "keys.big": "大字号开、关", "keys.lang": "切换语言", "keys.help": "显示本列表（Esc 关闭）",
  "clock": "t = {0} · 第 {1} 个事件，共 {2} 个",
  "running": "协议栈运行中…",
  "stopped": "场景脚本已停止：{0}",
  "lostByScenario": "这个报文段已经丢失：由场景本身或网络故障造成。",
  "undoLose": "撤销：丢弃 {0} → {1} 第 {2} 个报文段",
  "undoDelay": "撤销：{0} → {1} 第 {2} 个报文段延迟 {3} 毫秒",
  "undoDup": "撤销：复制 {0} → {1} 第 {2} 个报文段",
  "undoAttack": "撤销：{2} 对 {1} 的{0}",
  "isCopy": "这个报文段是链路复制出来的副本：请点击原报文段。",
  "live.title": "实时：TAP 设备上的真实协议栈",
  "live.explanation": "一个真实的协议栈实时运行于 TAP 设备上（`wasmtcp tap --view`，或开发板的 --events 数据流经由 " +
    "`wasmtcp view`）：它发送或接收的每个报文段、每次状态变化，都会在发生时显示在这里。后退可以查看过去；按 End 重新跟随当前。",
  "live.peer": "TAP 设备上的其他主机（Linux、开发板）：这里只能看到它们的报文段",
  "live.ended": "实时数据流已结束：协议栈已停止。",
  "click.delay": "让它延迟", "click.ms": "毫秒", "click.dup": "复制它",
  "net": "网络故障（随机，固定种子）", "net.loss": "丢包 %", "net.delay": "延迟 毫秒", "net.reorder": "乱序 %",
  "attacker": "攻击者", "attack.target": "攻击对象",
  "attack.syn": "伪造 SYN", "attack.syn.title": "来自无人应答地址的 SYN：SYN 洪泛中的一步",
  "attack.rst-exact": "RST 恰在 RCV.NXT", "attack.rst-exact.title": "猜中确切序列号的盲 RST：连接被重置",
  "attack.rst-window": "窗口内 RST", "attack.rst-window.title": "落在接收窗口内的盲 RST：回应挑战 ACK（RFC 5961 3.2）",
  "attack.rst-outside": "窗口外 RST", "attack.rst-outside.title": "落在接收窗口外的盲 RST：被丢弃",
  "faults": "故障",
  "clickTo": "点击报文段以",
  "click.lose": "让它丢失", "click.inspect": "查看它",
  "absolute": "绝对序列号",
  "exports": "导出当前显示内容", "export.label": "导出",
  "dl.pcap.title": "把到目前为止的帧下载为 pcap（Wireshark）",
  "dl.pcapng.title": "把到目前为止的帧下载为 pcapng，包括丢失的帧并附注释（Wireshark）",
  "dl.json.title": "把到目前为止的轨迹下载为 JSON",
  "dl.svg.title": "把到目前为止的时序图下载为 SVG",
  "share": "链接", "share.title": "复制指向当前情形的链接",
  "inspector": "选中的报文段",
  "inspector.empty": "点击一个报文段以查看其首部。",
  "raw": "原始帧",
  "raw.note": "发送构造的报文段：自身没有 TCP 状态",
  "halfOpen": "半开连接：被 accept 之前还不是套接字",
  "closedByApp": "已被应用程序关闭：没有可读取的句柄",
  "seg.fromTo": "从 → 到", "seg.sent": "发送", "seg.arrived": "到达", "seg.lost": "在链路上丢失", "seg.inFlight": "传输中", "seg.onWire": "已发往线路（看不到它何时到达）",
  "seg.source": "源", "seg.dest": "目的", "seg.flags": "标志", "seg.none": "无", "seg.noAck": "—（无 ACK 标志）",
  "seg.window": "窗口", "seg.scaled": "（×缩放 = {0} 字节）", "seg.bytes": " 字节", "seg.data": "数据", "seg.dataBytes": "{0} 字节",
  "seg.options": "选项", "seg.drawn": "图中标注", "seg.rexmt": "重传", "seg.rexmtYes": "是：这是一次重传", "seg.rexmtNo": "否",
  "bytesToSend": "要发送的字节数", "bytesSent": "{0} 发送的字节数",
  "call.recv": "read",
  "tcb.unacked": "未确认", "tcb.unread": "未读取",
  "timer.in": "{0}：还剩 <b>{1} 秒</b>", "timer.none": "没有运行中的定时器",
  "timer.rexmtAt": "重传定时器", "timer.persistAt": "坚持定时器", "timer.delackAt": "延迟确认定时器", "timer.keepaliveAt": "保活定时器",
  "timer.2msl": "2MSL（TIME_WAIT）", "timer.finwait2": "FIN_WAIT_2 超时",
};

const TABLES: Record<Lang, Record<Key, string>> = { en, "zh-CN": zh };
let current: Lang = "en";

export function setLang(l: Lang): void { current = l; }
export function lang(): Lang { return current; }
export function isLang(x: string | null | undefined): x is Lang { return (LANGS as readonly string[]).includes(x ?? ""); }

/** The text of `key` in the current language, with {0}, {1}... replaced by `args`. */
export function t(key: Key, ...args: (string | number)[]): string {
  return TABLES[current][key].replace(/\{(\d)\}/g, (_, i: string) => String(args[Number(i)]));
}

/** Re-labels the page's static text (elements that name a key in data-i18n*). */
export function translatePage(root: ParentNode = document): void {
  document.documentElement.lang = current;
  document.title = t("page.title");
  for (const el of root.querySelectorAll<HTMLElement>("[data-i18n]")) el.textContent = t(el.dataset.i18n as Key);
  for (const el of root.querySelectorAll<HTMLElement>("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle as Key);
  for (const el of root.querySelectorAll<HTMLElement>("[data-i18n-label]")) el.setAttribute("aria-label", t(el.dataset.i18nLabel as Key));
}
