/**
 * metricsutil.TopCmdPrinter (v1.34): the `kubectl top` tables. Every cell
 * ends with a tab (so the last column is padded too), CPU prints as
 * milli-cores (`12m`), memory and swap as whole MiB (`245Mi`), node
 * percentages truncated toward zero; nodes without metrics come last with
 * `<unknown>` cells; --sum adds a ruled total line.
 */
import { tabulate } from "../printers/tabwriter.js";
import { SORT_BY_CPU, SORT_BY_MEMORY, type MetricsRow, type ResourceUsage } from "./metrics-api.js";

const MI = 1024 * 1024;
const UNKNOWN = "<unknown>";

export class TopPrinter {
  private readonly measured: string[];
  private readonly nodeColumns = ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"];
  private readonly podColumns = ["NAME", "CPU(cores)", "MEMORY(bytes)"];
  /** Nodes whose swap capacity is unknown. */
  private readonly missing = new Map<string, Set<string>>();

  constructor(showSwap: boolean) {
    this.measured = ["cpu", "memory"];
    if (showSwap) {
      this.measured.push("swap");
      this.nodeColumns.push("SWAP(bytes)", "SWAP(%)");
      this.podColumns.push("SWAP(bytes)");
    }
  }

  registerMissing(node: string, resource: string): void {
    const s = this.missing.get(node) ?? new Set<string>();
    s.add(resource);
    this.missing.set(node, s);
  }

  /** PrintNodeMetrics: `available` holds every listed node's allocatable (or capacity). */
  nodes(rows: MetricsRow[], available: Map<string, ResourceUsage>, noHeaders: boolean, sortBy: string): string {
    if (rows.length === 0) return "";
    let out = "";
    if (!noHeaders) out += cells(this.nodeColumns) + "\n";
    const remaining = new Map(available);
    for (const r of sortRows(rows, sortBy, false)) {
      out += this.line(r.name, r.usage, available.get(r.name) ?? {}) + "\n";
      remaining.delete(r.name);
    }
    for (const name of [...remaining.keys()].sort()) out += cells([name, ...this.measured.flatMap(() => [UNKNOWN, UNKNOWN])]) + "\n";
    return tabulate(out);
  }

  /** PrintPodMetrics. */
  pods(rows: MetricsRow[], containers: boolean, withNamespace: boolean, noHeaders: boolean, sortBy: string, sum: boolean): string {
    if (rows.length === 0) return "";
    let out = "";
    let columnWidth = this.podColumns.length;
    if (!noHeaders) {
      const head: string[] = [];
      if (withNamespace) {
        head.push("NAMESPACE");
        columnWidth++;
      }
      if (containers) {
        head.push("POD");
        columnWidth++;
      }
      out += cells([...head, ...this.podColumns]) + "\n";
    }
    for (const r of sortRows(rows, sortBy, withNamespace)) {
      if (containers) {
        for (const c of sortRows(r.containers ?? [], sortBy, false)) {
          out += cells(withNamespace ? [r.namespace ?? "", r.name] : [r.name]) + this.line(c.name, c.usage, {}) + "\n";
        }
      } else out += (withNamespace ? cells([r.namespace ?? ""]) : "") + this.line(r.name, r.usage, {}) + "\n";
    }
    if (sum) {
      const total: ResourceUsage = {};
      for (const r of rows) for (const c of r.containers ?? []) for (const res of this.measured) total[res] = (total[res] ?? 0) + (c.usage[res] ?? 0);
      out += cells([...Array(Math.max(0, columnWidth - 2)).fill(""), "________", "________"]) + "\n";
      out += cells(Array(Math.max(0, columnWidth - 3)).fill("")) + this.line("", total, {}) + "\n";
    }
    return tabulate(out);
  }

  /** printMetricsLine: the name, then each measured resource's usage (and its share of what is available, for nodes). */
  private line(name: string, usage: ResourceUsage, available: ResourceUsage): string {
    const parts = [name];
    for (const res of this.measured) {
      if (this.missing.get(name)?.has(res)) {
        parts.push(UNKNOWN, UNKNOWN);
        continue;
      }
      const q = usage[res] ?? 0;
      parts.push(res === "cpu" ? `${q}m` : `${Math.floor(q / MI)}Mi`);
      if (res in available) {
        const a = available[res];
        parts.push(`${a === 0 ? 0 : Math.trunc((q / a) * 100)}%`);
      }
    }
    return cells(parts);
  }
}

function cells(values: string[]): string {
  return values.map((v) => `${v}\t`).join("");
}

/** The metrics sorters: by cpu or memory, highest first; else by (namespace and) name. */
function sortRows<T extends { name: string; namespace?: string; usage: ResourceUsage }>(rows: T[], sortBy: string, withNamespace: boolean): T[] {
  const by = (a: T, b: T): number => {
    if (sortBy === SORT_BY_CPU) return (b.usage.cpu ?? 0) - (a.usage.cpu ?? 0);
    if (sortBy === SORT_BY_MEMORY) return (b.usage.memory ?? 0) - (a.usage.memory ?? 0);
    if (withNamespace && a.namespace !== b.namespace) return (a.namespace ?? "") < (b.namespace ?? "") ? -1 : 1;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  };
  return [...rows].sort(by);
}
