// node:fs on the page: the only file a host module reads here is the .wasm, which the page fetched first.
const files = new Map<string, Uint8Array>();

/** Makes `bytes` the content of every path ending in `name`. */
export function provide(name: string, bytes: Uint8Array): void { files.set(name, bytes); }

export function readFileSync(path: string): Uint8Array {
  for (const [name, bytes] of files) if (path.endsWith(name)) return bytes;
  throw new Error(`the page has no file ${path}`);
}
export function writeFileSync(path: string): never { throw new Error(`the page cannot write ${path}: use a download`); }
