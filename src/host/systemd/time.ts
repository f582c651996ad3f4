/**
 * systemd's time and size formats (src/basic/time-util.c, format-util.c,
 * v255): timestamps as `systemctl status` prints them ("Mon 2026-01-12
 * 08:00:01 UTC; 47min ago"), time spans ("1min 3.456s"), byte sizes
 * ("45.2M"), and the parsers behind RestartSec= and journalctl --since.
 * Machines run in UTC.
 */

const USEC_PER_MSEC = 1000;
const USEC_PER_SEC = 1_000_000;
const USEC_PER_MINUTE = 60 * USEC_PER_SEC;
const USEC_PER_HOUR = 60 * USEC_PER_MINUTE;
const USEC_PER_DAY = 24 * USEC_PER_HOUR;
const USEC_PER_WEEK = 7 * USEC_PER_DAY;
const USEC_PER_MONTH = 2629800 * USEC_PER_SEC;
const USEC_PER_YEAR = 31557600 * USEC_PER_SEC;

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** format_timestamp (TIMESTAMP_PRETTY): `Mon 2026-01-12 08:00:01 UTC`. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

/** format_timestamp_relative: `47min ago`, `1h 5min ago`, `3s ago`, `now`. */
export function formatRelative(ms: number, nowMs: number): string {
  const past = nowMs > ms;
  const d = Math.round(Math.abs(nowMs - ms) * USEC_PER_MSEC);
  const s = past ? " ago" : " left";
  const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
  if (d >= USEC_PER_YEAR) {
    const y = Math.floor(d / USEC_PER_YEAR);
    const m = Math.floor((d % USEC_PER_YEAR) / USEC_PER_MONTH);
    return `${y} ${plural(y, "year", "years")} ${m} ${plural(m, "month", "months")}${s}`;
  }
  if (d >= USEC_PER_MONTH) {
    const m = Math.floor(d / USEC_PER_MONTH);
    const days = Math.floor((d % USEC_PER_MONTH) / USEC_PER_DAY);
    return `${m} ${plural(m, "month", "months")} ${days} ${plural(days, "day", "days")}${s}`;
  }
  if (d >= USEC_PER_WEEK) {
    const w = Math.floor(d / USEC_PER_WEEK);
    const days = Math.floor((d % USEC_PER_WEEK) / USEC_PER_DAY);
    return `${w} ${plural(w, "week", "weeks")} ${days} ${plural(days, "day", "days")}${s}`;
  }
  if (d >= 2 * USEC_PER_DAY) return `${Math.floor(d / USEC_PER_DAY)} days${s}`;
  if (d >= 25 * USEC_PER_HOUR) return `1 day ${Math.floor((d - USEC_PER_DAY) / USEC_PER_HOUR)}h${s}`;
  if (d >= 6 * USEC_PER_HOUR) return `${Math.floor(d / USEC_PER_HOUR)}h${s}`;
  if (d >= USEC_PER_HOUR) return `${Math.floor(d / USEC_PER_HOUR)}h ${Math.floor((d % USEC_PER_HOUR) / USEC_PER_MINUTE)}min${s}`;
  if (d >= 5 * USEC_PER_MINUTE) return `${Math.floor(d / USEC_PER_MINUTE)}min${s}`;
  if (d >= USEC_PER_MINUTE) return `${Math.floor(d / USEC_PER_MINUTE)}min ${Math.floor((d % USEC_PER_MINUTE) / USEC_PER_SEC)}s${s}`;
  if (d >= USEC_PER_SEC) return `${Math.floor(d / USEC_PER_SEC)}s${s}`;
  if (d >= USEC_PER_MSEC) return `${Math.floor(d / USEC_PER_MSEC)}ms${s}`;
  if (d > 0) return `${d}us${s}`;
  return "now";
}

const SPAN_TABLE: Array<[string, number]> = [
  ["y", USEC_PER_YEAR],
  ["month", USEC_PER_MONTH],
  ["w", USEC_PER_WEEK],
  ["d", USEC_PER_DAY],
  ["h", USEC_PER_HOUR],
  ["min", USEC_PER_MINUTE],
  ["s", USEC_PER_SEC],
  ["ms", USEC_PER_MSEC],
  ["us", 1],
];

/** format_timespan(t, accuracy) with t and accuracy in microseconds: `1min 3.456s`, `10s`, `58ms`. */
export function formatTimespan(usec: number, accuracyUsec: number): string {
  let t = Math.round(usec);
  if (t <= 0) return "0";
  const parts: string[] = [];
  let something = false;
  for (const [suffix, unit] of SPAN_TABLE) {
    if (t <= 0) break;
    if (t < accuracyUsec && something) break;
    if (t < unit) continue;
    const a = Math.floor(t / unit);
    let b = t % unit;
    let done = false;
    // Below a minute, a remainder is shown in dot notation to the accuracy.
    if (t < USEC_PER_MINUTE && b > 0) {
      let j = 0;
      for (let cc = unit; cc > 1; cc = Math.floor(cc / 10)) j++;
      for (let cc = accuracyUsec; cc > 1; cc = Math.floor(cc / 10)) {
        b = Math.floor(b / 10);
        j--;
      }
      if (j > 0) {
        parts.push(`${a}.${String(b).padStart(j, "0")}${suffix}`);
        t = 0;
        done = true;
      }
    }
    if (!done) {
      parts.push(`${a}${suffix}`);
      t = b;
    }
    something = true;
  }
  return parts.join(" ");
}

/** format_bytes: `45.2M`, `512B` (IEC factors, one decimal). */
export function formatBytes(bytes: number): string {
  const suffixes = ["E", "P", "T", "G", "M", "K"];
  for (let i = 0; i < suffixes.length; i++) {
    const factor = 1024 ** (6 - i);
    if (bytes >= factor) return `${Math.floor(bytes / factor)}.${Math.floor((bytes * 10) / factor) % 10}${suffixes[i]}`;
  }
  return `${bytes}B`;
}

const SPAN_UNITS: Record<string, number> = {
  us: 1, usec: 1, µs: 1,
  ms: USEC_PER_MSEC, msec: USEC_PER_MSEC,
  s: USEC_PER_SEC, sec: USEC_PER_SEC, second: USEC_PER_SEC, seconds: USEC_PER_SEC,
  m: USEC_PER_MINUTE, min: USEC_PER_MINUTE, minute: USEC_PER_MINUTE, minutes: USEC_PER_MINUTE,
  h: USEC_PER_HOUR, hr: USEC_PER_HOUR, hour: USEC_PER_HOUR, hours: USEC_PER_HOUR,
  d: USEC_PER_DAY, day: USEC_PER_DAY, days: USEC_PER_DAY,
  w: USEC_PER_WEEK, week: USEC_PER_WEEK, weeks: USEC_PER_WEEK,
  M: USEC_PER_MONTH, month: USEC_PER_MONTH, months: USEC_PER_MONTH,
  y: USEC_PER_YEAR, year: USEC_PER_YEAR, years: USEC_PER_YEAR,
};

/**
 * parse_sec: `10`, `10s`, `5min`, `1h 30min`, `500ms`, `infinity`, in
 * milliseconds; a bare number is seconds. undefined when it does not parse.
 */
export function parseTimespan(text: string, defaultUnitUsec = USEC_PER_SEC): number | undefined {
  const s = text.trim();
  if (s === "infinity") return Infinity;
  if (s === "") return undefined;
  const re = /\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-zA-Zµ]*)/y;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while (pos < s.length && (m = re.exec(s)) !== null) {
    const unit = m[2] === "" ? defaultUnitUsec : SPAN_UNITS[m[2]];
    if (unit === undefined) return undefined;
    total += parseFloat(m[1]) * unit;
    pos = re.lastIndex;
  }
  if (pos !== s.length) return undefined;
  return total / USEC_PER_MSEC;
}

/**
 * parse_timestamp as journalctl --since/--until take it: `2026-01-12
 * 08:00:00`, `2026-01-12`, `08:00` (today), `today`, `yesterday`, `now`,
 * `-5min`, `+1h`, `10 min ago`, `@1768204800`, an optional weekday in front
 * and `UTC` behind. undefined when it does not parse.
 */
export function parseTimestamp(text: string, nowMs: number): number | undefined {
  let s = text.trim();
  const dayStart = (ms: number) => Math.floor(ms / 86_400_000) * 86_400_000;
  switch (s) {
    case "now":
      return nowMs;
    case "today":
      return dayStart(nowMs);
    case "yesterday":
      return dayStart(nowMs) - 86_400_000;
    case "tomorrow":
      return dayStart(nowMs) + 86_400_000;
    case "epoch":
      return 0;
  }
  if (s.startsWith("@")) {
    const n = Number(s.slice(1));
    return Number.isFinite(n) ? n * 1000 : undefined;
  }
  if (s.startsWith("+") || s.startsWith("-")) {
    const span = parseTimespan(s.slice(1));
    if (span === undefined || !Number.isFinite(span)) return undefined;
    return s.startsWith("+") ? nowMs + span : nowMs - span;
  }
  if (s.endsWith(" ago")) {
    const span = parseTimespan(s.slice(0, -4));
    return span === undefined || !Number.isFinite(span) ? undefined : nowMs - span;
  }
  if (s.endsWith(" left")) {
    const span = parseTimespan(s.slice(0, -5));
    return span === undefined || !Number.isFinite(span) ? undefined : nowMs + span;
  }
  s = s.replace(/ (UTC|GMT|Z)$/, "");
  const weekday = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) /.exec(s);
  if (weekday) s = s.slice(weekday[0].length);
  const m = /^(?:(\d{2}|\d{4})-(\d{1,2})-(\d{1,2}))?(?:(?:^|[ T])(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/.exec(s);
  if (!m || (m[1] === undefined && m[4] === undefined)) return undefined;
  const now = new Date(nowMs);
  let year = now.getUTCFullYear();
  let month = now.getUTCMonth();
  let day = now.getUTCDate();
  if (m[1] !== undefined) {
    year = m[1].length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
    month = Number(m[2]) - 1;
    day = Number(m[3]);
    if (month > 11 || day < 1 || day > 31) return undefined;
  }
  const hours = m[4] !== undefined ? Number(m[4]) : 0;
  const minutes = m[5] !== undefined ? Number(m[5]) : 0;
  const seconds = m[6] !== undefined ? Number(m[6]) : 0;
  if (hours > 23 || minutes > 59 || seconds > 60) return undefined;
  const frac = m[7] ? Math.round(parseFloat(m[7]) * 1000) : 0;
  const ms = Date.UTC(year, month, day, hours, minutes, seconds, frac);
  if (weekday && WEEKDAYS[new Date(ms).getUTCDay()] !== weekday[1].slice(0, 3)) return undefined;
  return ms;
}
