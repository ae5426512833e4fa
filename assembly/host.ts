// Every import the core needs from its host (module "env"), in one place.
// AssemblyScript's own `abort(msg, file, line, col)` is the third import; a host may log it and stop.

/** Transmit one Ethernet frame (no FCS). The bytes are valid only during the call. */
// @ts-ignore: decorator
@external("env", "link_send")
export declare function link_send(ptr: usize, len: u32): void;

/** Optional event hook (Trace kinds in abi.ts); a host may ignore it. Never alters behaviour. */
// @ts-ignore: decorator
@external("env", "trace")
export declare function trace(kind: i32, a: i32, b: i32, c: i32): void;
