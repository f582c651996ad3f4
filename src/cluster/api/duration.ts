/**
 * How Kubernetes prints elapsed time (k8s.io/apimachinery/pkg/util/duration):
 * HumanDuration for AGE columns (`90s`, `2m30s`, `3h5m`, `2d5h`, `44d`) and
 * ShortHumanDuration where one unit is enough (`5m`, `364d`). Both take
 * milliseconds and truncate toward zero as Go's integer division does.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** ~2-3 significant figures; `<invalid>` when more than a second in the future. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  // A second of clock skew still reads as "now".
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** One unit only: `45s`, `12m`, `5h`, `300d`, `2y`. */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(ms / HOUR / 24 / 365)}y`;
}

/** translateTimestampSince: the age of an RFC 3339 timestamp, `<unknown>` when unset. */
export function age(timestamp: string | null | undefined, now: number): string {
  if (!timestamp) return "<unknown>";
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return "<unknown>";
  return humanDuration(now - t);
}

/** The shortest decimal for a unit count: 1.5, 9.071282, 0 (Go prints no trailing zeros). */
function goDecimal(x: number): string {
  return String(Number(x.toFixed(9)));
}

/**
 * Go's time.Duration.String of a number of nanoseconds: "0s", "812ns",
 * "9.071282ms", "1.5s", "2m40s", "5m0s", "3m5.123s", "1h0m0s".
 */
export function goDurationNanos(nanos: number): string {
  if (nanos === 0) return "0s";
  let u = Math.abs(Math.round(nanos));
  let out: string;
  if (u < 1e3) out = `${u}ns`;
  else if (u < 1e6) out = `${goDecimal(u / 1e3)}µs`;
  else if (u < 1e9) out = `${goDecimal(u / 1e6)}ms`;
  else {
    const h = Math.floor(u / 3.6e12);
    u -= h * 3.6e12;
    const m = Math.floor(u / 6e10);
    u -= m * 6e10;
    out = `${h ? `${h}h` : ""}${h || m ? `${m}m` : ""}${goDecimal(u / 1e9)}s`;
  }
  return nanos < 0 ? `-${out}` : out;
}

/** time.Duration.String of a number of milliseconds. */
export function goDuration(ms: number): string {
  return goDurationNanos(ms * 1e6);
}
