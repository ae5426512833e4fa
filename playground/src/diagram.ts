// RFC 9293's state diagram (Figure 5), drawn small for a side panel: the connection's current state
// filled in its party's colour, and the transition that led there drawn thick.
const POS: Record<string, [number, number]> = {
  CLOSED: [190, 20], LISTEN: [190, 68], SYN_RECEIVED: [64, 120], SYN_SENT: [316, 120], ESTABLISHED: [190, 172],
  FIN_WAIT_1: [64, 224], CLOSE_WAIT: [316, 224], FIN_WAIT_2: [64, 276], CLOSING: [190, 276], LAST_ACK: [316, 276],
  TIME_WAIT: [127, 328],
};
const EDGES: [string, string][] = [
  ["CLOSED", "LISTEN"], ["CLOSED", "SYN_SENT"], ["LISTEN", "SYN_RECEIVED"], ["LISTEN", "SYN_SENT"], ["SYN_SENT", "SYN_RECEIVED"],
  ["SYN_RECEIVED", "ESTABLISHED"], ["SYN_SENT", "ESTABLISHED"], ["ESTABLISHED", "FIN_WAIT_1"], ["ESTABLISHED", "CLOSE_WAIT"],
  ["SYN_RECEIVED", "FIN_WAIT_1"], ["FIN_WAIT_1", "FIN_WAIT_2"], ["FIN_WAIT_1", "CLOSING"], ["FIN_WAIT_2", "TIME_WAIT"],
  ["CLOSING", "TIME_WAIT"], ["CLOSE_WAIT", "LAST_ACK"], ["FIN_WAIT_1", "TIME_WAIT"],
];
const W = 124, H = 32;

export function stateDiagram(state: string, previous: string | undefined, color: string, id: string): string {
  const out: string[] = [];
  const edge = (a: string, b: string, hot: boolean) => {
    const [x0, y0] = POS[a], [x1, y1] = POS[b];
    // Stop the line at the target box's edge so the arrow head shows.
    const dx = x1 - x0, dy = y1 - y0, k = Math.min(Math.abs((W / 2 + 2) / (dx || 1e-9)), Math.abs((H / 2 + 2) / (dy || 1e-9)));
    out.push(`<line x1="${x0}" y1="${y0}" x2="${x1 - dx * k}" y2="${y1 - dy * k}" stroke="${hot ? color : "#8a8a8a"}" stroke-width="${hot ? 5 : 1.5}" marker-end="url(#${id}-${hot ? "hot" : "cold"})"/>`);
  };
  for (const [a, b] of EDGES) if (!(a === previous && b === state)) edge(a, b, false);
  if (previous && POS[previous] && POS[state] && previous !== state) edge(previous, state, true);
  for (const [name, [x, y]] of Object.entries(POS)) {
    const on = name === state;
    out.push(`<g data-state="${name}"${on ? ' class="current"' : ""}><rect x="${x - W / 2}" y="${y - H / 2}" width="${W}" height="${H}" rx="6" ` +
      `fill="${on ? color : "#ffffff"}" stroke="${on ? color : "#555555"}" stroke-width="${on ? 3 : 1.5}"/>` +
      `<text x="${x}" y="${y + 5.5}" font-size="${name.length > 10 ? 14.5 : 16}" text-anchor="middle" fill="${on ? "#ffffff" : "#222222"}" font-weight="${on ? "bold" : "normal"}">${name}</text></g>`);
  }
  const head = (name: string, c: string) => `<marker id="${id}-${name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="${name === "hot" ? 16 : 8}" markerHeight="${name === "hot" ? 16 : 8}" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`;
  return `<svg class="diagram" viewBox="0 0 380 346" role="img" aria-label="RFC 9293 state diagram, ${state}"><defs>${head("cold", "#8a8a8a")}${head("hot", color)}</defs>${out.join("")}</svg>`;
}
