/**
 * Copies of arguments and results across google.script.run: primitives and objects or arrays
 * built from them; a Date, a function or any other kind of object is refused, also when nested.
 * https://developers.google.com/apps-script/guides/html/reference/run
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function tagOf(v: object): string {
  return Object.prototype.toString.call(v).slice(8, -1);
}

function illegal(kind: string, where: string): never {
  throw new Error(
    `Illegal value for google.script.run: ${kind} at ${where}. Only primitives and plain objects or arrays of them can be passed; send a Date as ISO text.`,
  );
}

/**
 * A JSON-like copy: undefined inside arrays becomes null, undefined properties are dropped,
 * and non-finite numbers become null, as the value would arrive on the other side.
 */
export function copyTransferable(value: unknown, where: string, seen: Set<object> = new Set()): Json | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'function') return illegal('a function', where);
  if (typeof value !== 'object') return illegal(`a ${typeof value}`, where);
  const tag = tagOf(value);
  if (tag === 'Date') return illegal('a Date', where);
  if (seen.has(value)) return illegal('a circular reference', where);
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      // Built here, not with value.map: a map over the script's array would make another of its arrays.
      const items: Json[] = [];
      for (let i = 0; i < value.length; i++) items.push(copyTransferable(value[i], `${where}[${i}]`, seen) ?? null);
      return items;
    }
    if (tag !== 'Object') return illegal(`a ${tag}`, where);
    const proto = Object.getPrototypeOf(value) as object | null;
    // Plain objects only, from any realm: their prototype's own prototype is null.
    if (proto !== null && Object.getPrototypeOf(proto) !== null)
      return illegal(`an instance of ${(proto.constructor as { name?: string })?.name ?? 'a class'}`, where);
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value)) {
      const copied = copyTransferable((value as Record<string, unknown>)[key], `${where}.${key}`, seen);
      if (copied !== undefined) out[key] = copied;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
