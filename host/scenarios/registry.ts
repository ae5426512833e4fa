// Every scenario, in teaching order: opening, opening with loss, closing, closing with loss, resets,
// old segments and blind attacks, keepalive, flow control, listen queues.
import type { Scenario } from "./types.js";
import { handshake, simultaneousOpen, dataOnThirdAck, synWithData } from "./open.js";
import { synLost, synAckLost, ackLost, synAckRetriesExhausted, synRetriesExhausted } from "./open-loss.js";
import { close, halfClose, simultaneousClose, timeWait } from "./close.js";
import { finWait1ToTimeWait, finWait2Timeout } from "./close-orphan.js";
import { finLost, finAckLost, lastFinLost, lastAckLost } from "./close-loss.js";
import { rstClosedPort, oldDuplicateSyn } from "./reset.js";
import { isn, rstAttack } from "./security.js";
import { keepaliveDeadPeer, keepaliveAlive, keepaliveDefaults } from "./keepalive.js";
import { zeroWindow, fastRetransmit, tailLossProbe, spuriousRetransmit, sackRecovery } from "./flow.js";
import { backlogFull, synFlood } from "./listen.js";
import { synCookies } from "./cookie.js";
import { dnsLookup } from "./dns.js";

export const scenarios: Scenario[] = [
  handshake, simultaneousOpen, dataOnThirdAck, synWithData,
  synLost, synAckLost, ackLost, synRetriesExhausted, synAckRetriesExhausted,
  close, halfClose, simultaneousClose, timeWait, finWait1ToTimeWait, finWait2Timeout,
  finLost, finAckLost, lastFinLost, lastAckLost,
  rstClosedPort, oldDuplicateSyn, isn, rstAttack,
  keepaliveDeadPeer, keepaliveAlive, keepaliveDefaults,
  zeroWindow, fastRetransmit, tailLossProbe, spuriousRetransmit, sackRecovery,
  backlogFull, synFlood, synCookies,
  dnsLookup,
];

export function findScenario(name: string): Scenario | undefined { return scenarios.find((s) => s.name === name); }
