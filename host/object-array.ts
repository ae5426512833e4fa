// An empty array that V8 stores as an array of objects from the start. A fresh `[]` holds small integers
// until the first object goes in; that change of kind sends code optimized for arrays of objects (in an
// earlier Simulation, say) back to the interpreter, and the hot paths it inlines are compiled again.
export function objectArray<T extends object | null>(): T[] {
  const a = [null] as unknown as T[];
  a.pop();
  return a;
}
