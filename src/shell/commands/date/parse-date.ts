/**
 * The date strings `date -d` takes (gnulib parse_datetime), for the forms
 * people write: "now", "today", "yesterday", "tomorrow", "@1767225600",
 * ISO 8601 ("2026-01-12", "2026-01-12 08:00", "2026-01-12T08:00:00Z",
 * "+01:00" offsets), "Jan 12 2026", "12 Jan 2026 10:00", RFC 5322 ("Mon, 12
 * Jan 2026 08:00:00 +0000"), US "01/12/2026", times ("10:30", "3pm"),
 * weekdays ("monday", "next friday") and relative items ("+2 days", "1 hour
 * ago", "next week", "-30 minutes", "last month"), combined. Undefined when
 * the string is not a date, for "date: invalid date".
 */
import { zonedTime } from "./strftime.js";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const UNIT_MS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, fortnight: 14 * 86_400_000 };

function unitOf(word: string): string | undefined {
  const w = word.replace(/s$/, "");
  if (["sec", "second"].includes(w)) return "second";
  if (["min", "minute"].includes(w)) return "minute";
  if (["hour"].includes(w)) return "hour";
  if (["day"].includes(w)) return "day";
  if (["week"].includes(w)) return "week";
  if (["fortnight"].includes(w)) return "fortnight";
  if (["month"].includes(w)) return "month";
  if (["year"].includes(w)) return "year";
  return undefined;
}

function monthOf(word: string): number | undefined {
  const i = MONTHS.indexOf(word.slice(0, 3));
  if (i < 0) return undefined;
  const full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"][i];
  return word === full || word === MONTHS[i] || (word === "sept" && i === 8) || (word.endsWith(".") && word.slice(0, -1) === MONTHS[i]) ? i + 1 : undefined;
}

function weekdayOf(word: string): number | undefined {
  const w = word.replace(/,$/, "");
  const i = WEEKDAYS.indexOf(w.slice(0, 3));
  if (i < 0) return undefined;
  const full = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][i];
  return w === full || w === WEEKDAYS[i] || (w.length > 3 && full.startsWith(w)) ? i : undefined;
}

function zoneOffset(token: string): number | undefined {
  if (["z", "utc", "gmt", "ut", "zulu"].includes(token)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(token);
  if (m) return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  return undefined;
}

/** Parses `text` relative to `now` in `zone`; milliseconds since the epoch, or undefined. */
export function parseDate(text: string, now: number, zone = "UTC"): number | undefined {
  let s = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (s === "") return now;
  const epoch = /^@(-?\d+(?:\.\d+)?)$/.exec(s);
  if (epoch) return Math.round(Number(epoch[1]) * 1000);

  const base = zonedTime(now, zone);
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  let hour: number | undefined;
  let minute = 0;
  let second = 0;
  let fraction = 0;
  let offsetMin: number | undefined;
  let weekday: number | undefined;
  let weekdayShift = 0;
  const rel = { year: 0, month: 0, ms: 0 };
  let dayRel = 0;
  let sawDateItem = false;

  // ISO forms first (they contain '-', ':' and 'T' that the word tokenizer would split).
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(z|[+-]\d{2}:?\d{2}|utc|gmt)?(?=\s|$)/.exec(s);
  if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (iso[4] !== undefined) {
      hour = Number(iso[4]);
      minute = Number(iso[5]);
      second = Number(iso[6] ?? 0);
      fraction = iso[7] ? Number(`0.${iso[7]}`) : 0;
    }
    if (iso[8]) offsetMin = zoneOffset(iso[8]);
    sawDateItem = true;
    s = s.slice(iso[0].length).trim();
  }

  const tokens = s.match(/[+-]?\d+(?::\d+)*(?:\.\d+)?(?:am|pm|a\.m\.|p\.m\.)?|[a-z.]+|[+-]|,|\//g) ?? [];
  const bad = s.replace(/[+-]?\d+(?::\d+)*(?:\.\d+)?(?:am|pm|a\.m\.|p\.m\.)?|[a-z.]+|[+-]|,|\/|\s/g, "");
  if (bad) return undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (t === ",") continue;
    // A time: 10:30, 10:30:15, 10:30:15.5, 3pm, 10:30am.
    const time = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:\.(\d+))?)?(am|pm|a\.m\.|p\.m\.)?$/.exec(t);
    if (time && (t.includes(":") || time[5] || ["am", "pm"].includes(next ?? ""))) {
      let h = Number(time[1]);
      const mer = time[5] ?? (["am", "pm"].includes(next ?? "") ? tokens[++i] : undefined);
      if (mer) {
        if (h < 1 || h > 12) return undefined;
        h = (h % 12) + (mer.startsWith("p") ? 12 : 0);
      }
      if (h > 23) return undefined;
      hour = h;
      minute = Number(time[2] ?? 0);
      second = Number(time[3] ?? 0);
      fraction = time[4] ? Number(`0.${time[4]}`) : 0;
      if (minute > 59 || second > 60) return undefined;
      const z = next && !["am", "pm"].includes(next) ? zoneOffset(tokens[i + 1]) : undefined;
      if (z !== undefined && tokens[i + 1] !== undefined && !/^[+-]\d{1,2}$/.test(tokens[i + 1])) {
        offsetMin = z;
        i++;
      }
      continue;
    }
    // US date: 01/12/2026 or 1/12.
    if (/^\d+$/.test(t) && next === "/") {
      const m = Number(t);
      const d = Number(tokens[i + 2]);
      let y = base.year;
      let consumed = 2;
      if (tokens[i + 3] === "/") {
        y = Number(tokens[i + 4]);
        if (y < 100) y += y < 69 ? 2000 : 1900;
        consumed = 4;
      }
      if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return undefined;
      [year, month, day] = [y, m, d];
      sawDateItem = true;
      i += consumed;
      continue;
    }
    const mon = monthOf(t);
    if (mon !== undefined) {
      month = mon;
      sawDateItem = true;
      // "Jan 12 [2026]" or "12 Jan [2026]" (the day may have come before).
      if (next && /^\d{1,2}$/.test(next) && day === undefined) {
        day = Number(next);
        i++;
        if (tokens[i + 1] === ",") i++;
      }
      if (tokens[i + 1] && /^\d{4}$/.test(tokens[i + 1])) {
        year = Number(tokens[i + 1]);
        i++;
      }
      continue;
    }
    if (/^\d{1,2}$/.test(t) && next && monthOf(next) !== undefined) {
      day = Number(t);
      continue;
    }
    const wd = weekdayOf(t);
    if (wd !== undefined) {
      weekday = wd;
      continue;
    }
    const z = zoneOffset(t);
    if (z !== undefined && (/[a-z]/.test(t) || /^[+-]\d{4}$/.test(t) || /^[+-]\d{2}:\d{2}$/.test(t))) {
      offsetMin = z;
      continue;
    }
    if (t === "now") continue;
    if (t === "today") continue;
    if (t === "yesterday" || t === "tomorrow") {
      dayRel += t === "yesterday" ? -1 : 1;
      continue;
    }
    if (t === "noon" || t === "midnight") {
      hour = t === "noon" ? 12 : 0;
      minute = second = 0;
      continue;
    }
    if (t === "next" || t === "last" || t === "this") {
      const n = t === "next" ? 1 : t === "last" ? -1 : 0;
      const w = next ? weekdayOf(next) : undefined;
      if (w !== undefined) {
        weekday = w;
        weekdayShift = n;
        i++;
        continue;
      }
      const u = next ? unitOf(next) : undefined;
      if (!u) return undefined;
      addRel(rel, u, n);
      i++;
      continue;
    }
    // Relative items: [+-]N unit [ago], or a bare unit ("hour ago").
    let n: number | undefined;
    let unitWord: string | undefined;
    if (/^[+-]?\d+$/.test(t) && next && unitOf(next)) {
      n = Number(t);
      unitWord = next;
      i++;
    } else if ((t === "+" || t === "-") && next && /^\d+$/.test(next) && tokens[i + 2] && unitOf(tokens[i + 2])) {
      n = Number(next) * (t === "-" ? -1 : 1);
      unitWord = tokens[i + 2];
      i += 2;
    } else if (unitOf(t)) {
      n = 1;
      unitWord = t;
    } else if (/^\d{4}$/.test(t) && year === undefined && sawDateItem) {
      year = Number(t);
      continue;
    } else if (/^\d{4}$/.test(t) && hour === undefined) {
      // hhmm
      hour = Number(t.slice(0, 2));
      minute = Number(t.slice(2));
      if (hour > 23 || minute > 59) return undefined;
      continue;
    }
    if (n === undefined || unitWord === undefined) return undefined;
    if (tokens[i + 1] === "ago") {
      n = -n;
      i++;
    }
    addRel(rel, unitOf(unitWord)!, n);
  }

  // Calendar fields: given ones, else today's; a date without a time is midnight.
  let y = year ?? base.year;
  let mo = month ?? base.month;
  let d = day ?? (month !== undefined ? 1 : base.day);
  let h: number;
  if (hour !== undefined) h = hour;
  else if (sawDateItem || weekday !== undefined) {
    h = 0;
    minute = second = fraction = 0;
  } else {
    h = base.hour;
    minute = base.minute;
    second = base.second;
    fraction = (now % 1000) / 1000;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  y += rel.year;
  mo += rel.month;
  let local = Date.UTC(y, mo - 1, d + dayRel, h, minute, second) + Math.round(fraction * 1000);
  if (weekday !== undefined) {
    const cur = new Date(local).getUTCDay();
    let diff = (weekday - cur + 7) % 7;
    if (weekdayShift > 0 && diff === 0) diff = 7;
    if (weekdayShift < 0) diff = diff === 0 ? -7 : diff - 7;
    local += diff * 86_400_000;
  }
  const off = offsetMin ?? zonedTime(local, zone).offsetMin;
  return local - off * 60_000 + rel.ms;
}

function addRel(rel: { year: number; month: number; ms: number }, unit: string, n: number): void {
  if (unit === "year") rel.year += n;
  else if (unit === "month") rel.month += n;
  else rel.ms += n * UNIT_MS[unit];
}
