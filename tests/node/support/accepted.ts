// A connection the stack accepted from the scripted peer, set up as the congestion tests want it.
import { Peer, Opt } from "./peer.js";

/** A connection accepted from a SYN with `synOptions` (no timestamps) 100 ms after the SYN-ACK, NODELAY set. */
export function acceptedNoDelay(p: Peer, synOptions: number[]): number {
  const l = p.listen();
  p.in("S", 0, 0, { options: synOptions });
  p.out("S.", 0, 1);
  p.advance(100);
  p.in(".", 1, 1);
  const h = p.accept(l);
  p.setopt(h, Opt.NODELAY, 1);
  return h;
}
