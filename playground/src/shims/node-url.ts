// node:url on the page: a file URL's path is enough to name the .wasm node-fs.ts holds.
export function fileURLToPath(u: string | URL): string { return new URL(u).pathname; }
