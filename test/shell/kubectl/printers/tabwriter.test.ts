/**
 * kubectl's tabwriter (minwidth 6, padding 3, pad ' ', RememberWidths).
 */
import { describe, expect, it } from "vitest";
import { TabWriter, tabulate } from "../../../../src/shell/commands/kubectl/printers/tabwriter.js";

describe("tabwriter layout", () => {
  it("pads each column to its widest cell plus 3, and never pads the last cell", () => {
    expect(tabulate("NAME\tREADY\tSTATUS\nweb-1\t1/1\tRunning\nlonger-name\t0/1\tPending\n")).toBe(
      "NAME          READY   STATUS\nweb-1         1/1     Running\nlonger-name   0/1     Pending\n",
    );
  });

  it("makes every column at least 6 wide (minwidth includes the padding)", () => {
    expect(tabulate("A\tB\tC\nx\ty\tz\n")).toBe("A     B     C\nx     y     z\n");
  });

  it("pads empty cells in the middle but leaves an empty last cell empty", () => {
    expect(tabulate("NAME\tTYPE\tIP\nheadless\t\tNone\nweb\tClusterIP\t\n")).toBe("NAME       TYPE        IP\nheadless               None\nweb        ClusterIP   \n");
  });

  it("counts characters, not bytes", () => {
    expect(tabulate("ÄÖÜ\tx\nab\ty\n")).toBe("ÄÖÜ   x\nab    y\n");
  });

  it("lays out blocks of lines separately around a line without tabs, kubectl's keeping the earlier widths", () => {
    expect(tabulate("a\tb\nlonger-cell\tc\n\nx\ty\n", { rememberWidths: false })).toBe("a             b\nlonger-cell   c\n\nx     y\n");
    expect(tabulate("a\tb\nlonger-cell\tc\n\nx\ty\n")).toBe("a             b\nlonger-cell   c\n\nx             y\n");
  });

  it("remembers column widths across flushes until told to forget them", () => {
    let out = "";
    const w = new TabWriter((s) => (out += s));
    w.write("NAME\tAGE\nvery-long-pod-name\t5s\n");
    w.flush();
    w.write("p\t6s\n");
    w.flush();
    expect(out).toBe("NAME                 AGE\nvery-long-pod-name   5s\np                    6s\n");
    w.setRememberedWidths(null);
    out = "";
    w.write("p\t6s\n");
    w.flush();
    expect(out).toBe("p     6s\n");
  });
});
