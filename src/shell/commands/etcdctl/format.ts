/**
 * Output helpers etcdctl and etcdutl share, each as its Go library does it:
 * go-humanize's Bytes (SI units), Go's time.Duration.String, and
 * olekukonko/tablewriter v0.0.5 tables as etcd configures them (headers
 * upper-cased and centred, every cell right-aligned, cells longer than 30
 * columns wrapped at spaces).
 */

/** Go's %.Nf: round half to even on exact binary halves, as strconv does. */
function goFixed(v: number, digits: number): string {
  const scaled = v * 10 ** digits;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const rounded = diff > 0.5 || (diff === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  return (rounded / 10 ** digits).toFixed(digits);
}

/** humanize.Bytes: 24576 -> "25 kB", 2147483648 -> "2.1 GB", 0 -> "0 B". */
export function humanizeBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const sizes = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return `${goFixed(val, val < 10 ? 1 : 0)} ${sizes[e]}`;
}


const MAX_CELL_WIDTH = 30;

function width(s: string): number {
  return [...s].length;
}

/** tablewriter.WrapWords: minimal-raggedness line breaking at spaces (words longer than the limit stay whole). */
function wrapCell(text: string, limit: number): string[] {
  const words = text.replace(/\n/g, " ").split(" ");
  let lim = limit;
  for (const w of words) lim = Math.max(lim, width(w));
  const n = words.length;
  const length = (i: number, j: number) => words.slice(i, j + 1).reduce((a, w) => a + width(w), 0) + (j - i);
  const cost = new Array<number>(n).fill(Number.MAX_SAFE_INTEGER);
  const nbrk = new Array<number>(n).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    if (length(i, n - 1) <= lim) {
      cost[i] = 0;
      nbrk[i] = n;
      continue;
    }
    for (let j = i + 1; j < n; j++) {
      const d = lim - length(i, j - 1);
      let c = d * d + cost[j];
      if (length(i, j - 1) > lim) c += 1e5;
      if (c < cost[i]) {
        cost[i] = c;
        nbrk[i] = j;
      }
    }
  }
  const lines: string[] = [];
  for (let i = 0; i < n; i = nbrk[i]) lines.push(words.slice(i, nbrk[i]).join(" "));
  return lines;
}

/** A cell's lines after wrapping (tablewriter.parseDimension with auto-wrap and reflow). */
function cellLines(text: string): string[] {
  const w = Math.max(...text.split("\n").map(width));
  return wrapCell(text, Math.min(w, MAX_CELL_WIDTH));
}

/** tablewriter upper-cases headers and turns `_` into spaces (Title). */
function title(h: string): string {
  return h.replace(/_/g, " ").trim().toUpperCase();
}

/** Renders a table as etcdctl's and etcdutl's table printers do. */
export function renderTable(header: string[], rows: string[][]): string {
  const head = header.map((h) => cellLines(title(h)));
  const body = rows.map((r) => r.map(cellLines));
  const widths = header.map((_, c) => Math.max(...head[c].map(width), ...body.map((r) => Math.max(...(r[c] ?? [""]).map(width)))));
  const line = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+\n`;
  const center = (s: string, w: number) => {
    const gap = w - width(s);
    if (gap <= 0) return s;
    const left = Math.floor(gap / 2);
    return " ".repeat(left) + s + " ".repeat(gap - left);
  };
  let out = line;
  const headHeight = Math.max(...head.map((h) => h.length));
  for (let i = 0; i < headHeight; i++) out += `|${widths.map((w, c) => ` ${center(head[c][i] ?? "", w)} `).join("|")}|\n`;
  out += line;
  for (const r of body) {
    const height = Math.max(...r.map((c) => c.length));
    for (let i = 0; i < height; i++) {
      // Shorter cells are padded with two-space lines, as tablewriter does.
      out += `|${widths.map((w, c) => ` ${(r[c]?.[i] ?? "  ").padStart(w)} `).join("|")}|\n`;
    }
  }
  return out + line;
}
