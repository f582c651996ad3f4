/**
 * Parsing certificates and keys and checking signatures is costly, and the
 * components repeat the same checks on the same files all the time (every
 * probe re-dials etcd over TLS). These checks are pure functions of their
 * PEM inputs, so each distinct input is worked out once.
 */
export function memoizeByText<A extends Array<string | undefined>, R>(fn: (...args: A) => R, max = 512): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A): R => {
    const key = args.map((a) => a ?? "\u0001").join("\u0000");
    if (cache.has(key)) return cache.get(key)!;
    const r = fn(...args);
    if (cache.size >= max) cache.clear();
    cache.set(key, r);
    return r;
  };
}
