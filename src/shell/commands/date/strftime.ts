/**
 * GNU strftime as coreutils' date uses it (C locale): every conversion
 * people type (%a %b %c %d %e %F %H %I %j %k %l %m %M %N %p %s %S %T %u
 * %V %w %y %Y %z %:z %Z ...), GNU's flags (`-` no padding, `_` spaces, `0`
 * zeros, `^` upper case, `#` swap case) and field widths (`%10s`, `%3N`).
 * Times are rendered in a zone given as an IANA name (TZ), UTC by default.
 */

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Calendar fields of an instant in a zone, with the zone's offset and abbreviation. */
export interface ZonedTime {
  ms: number;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
  /** Offset east of UTC in minutes. */
  offsetMin: number;
  abbrev: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether the runtime knows the zone. */
export function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone TZ names ("" and UTC-ish names mean UTC; unknown names fall back to UTC with the name as abbreviation, as glibc does). */
export function zonedTime(ms: number, zone = "UTC"): ZonedTime {
  const utcNames = ["", "UTC", "UTC0", "Etc/UTC", "GMT", "Etc/GMT", "Universal", "Zulu", "UCT"];
  if (utcNames.includes(zone) || !validZone(zone)) {
    const d = new Date(ms);
    const abbrev = zone === "" || utcNames.includes(zone) ? (zone.startsWith("GMT") || zone === "Etc/GMT" ? "GMT" : "UTC") : zone.replace(/[^A-Za-z].*$/, "") || "UTC";
    return { ms, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay(), offsetMin: 0, abbrev };
  }
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", weekday: "short", timeZoneName: "short" });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  const second = Number(parts.second);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMin = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
  const weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(parts.weekday);
  return { ms, year, month, day, hour, minute, second, weekday, offsetMin, abbrev: parts.timeZoneName ?? zone };
}

function isoWeek(t: ZonedTime): { week: number; year: number } {
  const date = Date.UTC(t.year, t.month - 1, t.day);
  const dow = (t.weekday + 6) % 7; // Monday = 0
  const thursday = date + (3 - dow) * 86_400_000;
  const y = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(y, 0, 1)) / (7 * 86_400_000)) + 1;
  return { week, year: y };
}

function dayOfYear(t: ZonedTime): number {
  return Math.floor((Date.UTC(t.year, t.month - 1, t.day) - Date.UTC(t.year, 0, 1)) / 86_400_000) + 1;
}

function offset(t: ZonedTime, colons: number): string {
  const sign = t.offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(t.offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  if (colons === 1) return `${sign}${hh}:${mm}`;
  if (colons === 2) return `${sign}${hh}:${mm}:00`;
  if (colons === 3) return abs % 60 ? `${sign}${hh}:${mm}` : `${sign}${hh}`;
  return `${sign}${hh}${mm}`;
}

/** A conversion's value and its default padding (character and width). */
function convert(c: string, t: ZonedTime, colons: number): { v: string; pad: "0" | " " | ""; width: number; numeric: boolean } | undefined {
  const num = (n: number, width: number, pad: "0" | " " = "0") => ({ v: String(n), pad, width, numeric: true });
  const str = (v: string) => ({ v, pad: "" as const, width: 0, numeric: false });
  switch (c) {
    case "a":
      return str(DAYS[t.weekday].slice(0, 3));
    case "A":
      return str(DAYS[t.weekday]);
    case "b":
    case "h":
      return str(MONTHS[t.month - 1].slice(0, 3));
    case "B":
      return str(MONTHS[t.month - 1]);
    case "c":
      return str(strftime("%a %b %e %H:%M:%S %Y", t));
    case "C":
      return num(Math.floor(t.year / 100), 2);
    case "d":
      return num(t.day, 2);
    case "D":
      return str(strftime("%m/%d/%y", t));
    case "e":
      return num(t.day, 2, " ");
    case "F":
      return str(strftime("%Y-%m-%d", t));
    case "g":
      return num(isoWeek(t).year % 100, 2);
    case "G":
      return num(isoWeek(t).year, 4);
    case "H":
      return num(t.hour, 2);
    case "I":
      return num(((t.hour + 11) % 12) + 1, 2);
    case "j":
      return num(dayOfYear(t), 3);
    case "k":
      return num(t.hour, 2, " ");
    case "l":
      return num(((t.hour + 11) % 12) + 1, 2, " ");
    case "m":
      return num(t.month, 2);
    case "M":
      return num(t.minute, 2);
    case "n":
      return str("\n");
    case "N":
      return { v: String(Math.round((((t.ms % 1000) + 1000) % 1000) * 1e6)).padStart(9, "0"), pad: "0", width: 9, numeric: true };
    case "p":
      return str(t.hour < 12 ? "AM" : "PM");
    case "P":
      return str(t.hour < 12 ? "am" : "pm");
    case "q":
      return num(Math.floor((t.month - 1) / 3) + 1, 1);
    case "r":
      return str(strftime("%I:%M:%S %p", t));
    case "R":
      return str(strftime("%H:%M", t));
    case "s":
      return num(Math.floor(t.ms / 1000), 1);
    case "S":
      return num(t.second, 2);
    case "t":
      return str("\t");
    case "T":
      return str(strftime("%H:%M:%S", t));
    case "u":
      return num(((t.weekday + 6) % 7) + 1, 1);
    case "U": {
      const yd = dayOfYear(t) - 1;
      return num(Math.floor((yd + 7 - t.weekday) / 7), 2);
    }
    case "V":
      return num(isoWeek(t).week, 2);
    case "w":
      return num(t.weekday, 1);
    case "W": {
      const yd = dayOfYear(t) - 1;
      return num(Math.floor((yd + 7 - ((t.weekday + 6) % 7)) / 7), 2);
    }
    case "x":
      return str(strftime("%m/%d/%y", t));
    case "X":
      return str(strftime("%H:%M:%S", t));
    case "y":
      return num(t.year % 100, 2);
    case "Y":
      return num(t.year, 1);
    case "z":
      return str(offset(t, colons));
    case "Z":
      return str(t.abbrev);
    case "%":
      return str("%");
    default:
      return undefined;
  }
}

/** Formats a zoned time with a GNU date format. */
export function strftime(format: string, t: ZonedTime): string {
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== "%") {
      out += ch;
      continue;
    }
    let j = i + 1;
    let flag = "";
    while (j < format.length && "-_0^#".includes(format[j])) flag += format[j++];
    let widthText = "";
    while (j < format.length && /\d/.test(format[j])) widthText += format[j++];
    let colons = 0;
    while (j < format.length && format[j] === ":") {
      colons++;
      j++;
    }
    const c = format[j];
    const conv = c === undefined ? undefined : convert(c, t, colons);
    if (!conv || (colons && c !== "z")) {
      out += format.slice(i, j + 1);
      i = j;
      continue;
    }
    let v = conv.v;
    if (c === "N" && widthText) v = v.slice(0, Number(widthText)).padEnd(Number(widthText), "0");
    else {
      const width = widthText ? Number(widthText) : conv.width;
      let pad: string = conv.pad;
      if (flag.includes("-")) pad = "";
      else if (flag.includes("_")) pad = " ";
      else if (flag.includes("0")) pad = "0";
      else if (widthText && !pad) pad = conv.numeric ? "0" : " ";
      if (pad && v.length < width) {
        const neg = v.startsWith("-") && pad === "0";
        v = neg ? `-${v.slice(1).padStart(width - 1, "0")}` : v.padStart(width, pad);
      }
    }
    if (flag.includes("^")) v = v.toUpperCase();
    else if (flag.includes("#")) v = /[a-z]/.test(v) ? v.toUpperCase() : v.toLowerCase();
    out += v;
    i = j;
  }
  return out;
}
