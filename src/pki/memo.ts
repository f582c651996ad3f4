/**
 * Parsing certificates and keys and checking signatures is costly, and the
 * components repeat the same checks on the same files all the time (every
 * probe re-dials etcd over TLS). These checks are pure functions of their
 * PEM inputs, so each distinct input is worked out once. The cache is keyed
 * argument by argument (nested maps) rather than by one joined string: the
 * PEM texts are the same string objects on every call, whose hashes V8
 * keeps, while a joined key would be a new long string to hash each time.
 */
const UNSET = "\u0001";

export function memoizeByText<A extends Array<string | undefined>, R>(fn: (...args: A) => R, max = 512): (...args: A) => R {
  let root = new Map<string, unknown>();
  let size = 0;
  return (...args: A): R => {
    let node = root;
    for (let i = 0; i < args.length - 1; i++) {
      const k = args[i] ?? UNSET;
      let next = node.get(k) as Map<string, unknown> | undefined;
      if (!next) node.set(k, (next = new Map()));
      node = next;
    }
    const last = args[args.length - 1] ?? UNSET;
    if (node.has(last)) return node.get(last) as R;
    const r = fn(...args);
    if (++size > max) {
      root = new Map();
      size = 1;
      return r;
    }
    node.set(last, r);
    return r;
  };
}
