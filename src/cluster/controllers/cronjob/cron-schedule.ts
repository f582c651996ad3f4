/**
 * Cron schedules as the CronJob controller reads them: robfig/cron v3's
 * ParseStandard. Five fields (minute hour day-of-month month day-of-week)
 * with `*`, `?`, lists, ranges, steps and JAN-DEC / SUN-SAT names; the
 * descriptors @yearly (@annually), @monthly, @weekly, @daily (@midnight),
 * @hourly and `@every <duration>`; an optional `TZ=` / `CRON_TZ=` prefix.
 * Next() walks wall-clock time in the schedule's zone the way
 * SpecSchedule.Next does, giving up after five years.
 */
import { parseDuration } from "../../clock.js";

export interface CronSchedule {
  /** The first activation strictly after `ms`, or undefined if none within five years. */
  next(ms: number): number | undefined;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTH_NAMES: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DOW_NAMES: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: MONTH_NAMES };
const DOW: Bounds = { min: 0, max: 6, names: DOW_NAMES };

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

export class CronParseError extends Error {}

/** A set of allowed values plus whether the field was `*` / `?` (robfig's starBit). */
interface Field {
  values: Set<number>;
  star: boolean;
}

function parseInt10(s: string): number {
  if (!/^\d+$/.test(s)) throw new CronParseError(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
  return Number(s);
}

function parseValue(s: string, b: Bounds): number {
  const named = b.names?.[s.toLowerCase()];
  if (named !== undefined) return named;
  return parseInt10(s);
}

/** getRange: one comma-separated piece of a field. */
function parseRange(expr: string, b: Bounds, into: Field): void {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0].split("-");
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = parseValue(lowAndHigh[0], b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseValue(lowAndHigh[1], b);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseInt10(rangeAndStep[1]);
    // "N/step" means "N-max/step".
    if (single) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronParseError(`too many slashes: ${expr}`);
  }
  if (start < b.min) throw new CronParseError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronParseError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.values.add(v);
  if (star) into.star = true;
}

function parseField(text: string, b: Bounds): Field {
  const f: Field = { values: new Set(), star: false };
  for (const part of text.split(",")) parseRange(part, b, f);
  return f;
}

/** Wall-clock fields of an instant in a zone (UTC when zone is undefined). */
interface Wall {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  dow: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(ms: number, zone: string | undefined): Wall {
  if (!zone) {
    const t = new Date(ms);
    return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), dow: t.getUTCDay() };
  }
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", weekday: "short" });
    formatters.set(zone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour) % 24, mi: Number(p.minute), s: Number(p.second), dow: DOW_NAMES[p.weekday.toLowerCase()] ?? 0 };
}

/** time.Date in a zone: the instant whose wall clock reads these fields (fields may overflow). */
function zonedInstant(y: number, mo: number, d: number, h: number, mi: number, zone: string | undefined): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi, 0);
  if (!zone) return guess;
  const offsetAt = (ms: number) => {
    const w = wallClock(ms, zone);
    return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
  };
  let t = guess - offsetAt(guess);
  const o2 = offsetAt(t);
  if (guess - o2 !== t) t = guess - o2;
  return t;
}

/** Checks a zone name as time.LoadLocation would accept it. */
export function validTimeZone(zone: string): boolean {
  if (zone === "" || zone === "UTC" || zone === "Local") return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

class SpecSchedule implements CronSchedule {
  constructor(
    private readonly minute: Field,
    private readonly hour: Field,
    private readonly dom: Field,
    private readonly month: Field,
    private readonly dow: Field,
    private readonly zone: string | undefined,
  ) {}

  private dayMatches(w: Wall): boolean {
    const domMatch = this.dom.values.has(w.d);
    const dowMatch = this.dow.values.has(w.dow);
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  next(ms: number): number | undefined {
    const z = this.zone;
    // The upcoming whole second.
    let t = Math.floor(ms / 1000) * 1000 + 1000;
    let added = false;
    const yearLimit = wallClock(t, z).y + 5;
    for (;;) {
      let w = wallClock(t, z);
      if (w.y > yearLimit) return undefined;
      let wrapped = false;
      while (!this.month.values.has(w.mo)) {
        if (!added) {
          added = true;
          t = zonedInstant(w.y, w.mo, 1, 0, 0, z);
        }
        w = wallClock(t, z);
        t = zonedInstant(w.y, w.mo + 1, w.d, w.h, w.mi, z);
        w = wallClock(t, z);
        if (w.mo === 1) {
          wrapped = true;
          break;
        }
      }
      if (wrapped) continue;
      while (!this.dayMatches(w)) {
        if (!added) {
          added = true;
          t = zonedInstant(w.y, w.mo, w.d, 0, 0, z);
        }
        w = wallClock(t, z);
        t = zonedInstant(w.y, w.mo, w.d + 1, w.h, w.mi, z);
        w = wallClock(t, z);
        // A DST change moved midnight: nudge back onto it.
        if (w.h !== 0) {
          t += (w.h > 12 ? 24 - w.h : -w.h) * 3_600_000;
          w = wallClock(t, z);
        }
        if (w.d === 1) {
          wrapped = true;
          break;
        }
      }
      if (wrapped) continue;
      while (!this.hour.values.has(w.h)) {
        if (!added) {
          added = true;
          t = zonedInstant(w.y, w.mo, w.d, w.h, 0, z);
        }
        t += 3_600_000;
        w = wallClock(t, z);
        if (w.h === 0) {
          wrapped = true;
          break;
        }
      }
      if (wrapped) continue;
      while (!this.minute.values.has(w.mi)) {
        if (!added) {
          added = true;
          t = Math.floor(t / 60_000) * 60_000;
        }
        t += 60_000;
        w = wallClock(t, z);
        if (w.mi === 0) {
          wrapped = true;
          break;
        }
      }
      if (wrapped) continue;
      // Standard specs fire at second 0: move to the next minute and check everything again.
      if (w.s !== 0) {
        added = true;
        t = Math.floor(t / 60_000) * 60_000 + 60_000;
        continue;
      }
      return t;
    }
  }
}

/** @every <duration>: activations at a fixed delay, on whole seconds. */
class ConstantDelaySchedule implements CronSchedule {
  constructor(private readonly delayMs: number) {}

  next(ms: number): number {
    return Math.floor((ms + this.delayMs) / 1000) * 1000;
  }
}

/** cron.ParseStandard. Throws CronParseError with robfig's messages. */
export function parseStandard(spec: string): CronSchedule {
  let s = spec.trim();
  if (s === "") throw new CronParseError("empty spec string");
  let zone: string | undefined;
  const tz = /^(?:CRON_)?TZ=(\S*)\s*/.exec(s);
  if (tz) {
    const name = tz[1];
    if (!validTimeZone(name)) throw new CronParseError(`provided bad location ${name}: unknown time zone ${name}`);
    zone = name === "" || name === "UTC" || name === "Local" ? undefined : name;
    s = s.slice(tz[0].length).trim();
  }
  if (s.startsWith("@")) {
    if (s.startsWith("@every ")) {
      const d = parseDuration(s.slice("@every ".length).trim());
      if (d === undefined) throw new CronParseError(`failed to parse duration ${s}: time: invalid duration "${s.slice(7).trim()}"`);
      return new ConstantDelaySchedule(Math.max(1000, Math.floor(d / 1000) * 1000));
    }
    const expanded = DESCRIPTORS[s];
    if (!expanded) throw new CronParseError(`unrecognized descriptor: ${s}`);
    s = expanded;
  }
  const fields = s.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  return new SpecSchedule(parseField(fields[0], MINUTES), parseField(fields[1], HOURS), parseField(fields[2], DOM), parseField(fields[3], MONTHS), parseField(fields[4], DOW), zone);
}
