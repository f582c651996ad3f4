/**
 * The describers' text layout: Go text/tabwriter as tabbedString sets it up
 * (minwidth 0, padding 2), driven by a PrefixWriter that indents by two
 * spaces per level.
 */
import { describe, expect, it } from "vitest";
import { LEVEL_0, LEVEL_1, LEVEL_2, NestedPrefixWriter, tabbedString } from "../../../../src/shell/commands/kubectl/describe/writer.js";

describe("tabbedString", () => {
  it("aligns consecutive tab-terminated cells two spaces past the widest, without padding a line's last cell", () => {
    const out = tabbedString((w) => {
      w.write(LEVEL_0, "Name:\tweb\n");
      w.write(LEVEL_0, "Service Account:\tdefault\n");
      w.write(LEVEL_1, "IP:\t10.0.0.1\n");
    });
    expect(out).toBe("Name:             web\nService Account:  default\n  IP:             10.0.0.1\n");
  });

  it("starts a new column block after a line without a tab", () => {
    const out = tabbedString((w) => {
      w.write(LEVEL_0, "Status:\tRunning\n");
      w.write(LEVEL_0, "IPs:\n");
      w.write(LEVEL_1, "IP:\t10.0.0.1\n");
      w.write(LEVEL_0, "Controlled By:\tReplicaSet/web\n");
    });
    expect(out).toBe("Status:  Running\nIPs:\n  IP:           10.0.0.1\nControlled By:  ReplicaSet/web\n");
  });

  it("pads a tab-terminated empty cell, leaving trailing spaces as kubectl does", () => {
    const out = tabbedString((w) => {
      w.write(LEVEL_0, "Node Affinity:\t");
      w.writeLine("");
      w.write(LEVEL_0, "Message:\t\n");
      w.write(LEVEL_1, "Type\tStatus\n");
      w.write(LEVEL_1, "Ready \tTrue \n");
    });
    expect(out).toBe("Node Affinity:  \nMessage:        \n  Type          Status\n  Ready         True \n");
  });

  it("keeps column blocks per column: a shorter line ends the block of the columns it lacks", () => {
    const out = tabbedString((w) => {
      w.write(LEVEL_1, "Host\tPath\tBackends\n");
      w.write(LEVEL_1, "*\t\n");
      w.write(LEVEL_2, "\t/api \tsvc:80\n");
    });
    expect(out).toBe("  Host  Path  Backends\n  *     \n        /api   svc:80\n");
  });

  it("escapes terminal control characters in what is written", () => {
    expect(tabbedString((w) => w.write(LEVEL_0, "Message:\tred\x1b[31m\r\n"))).toBe("Message:  red^[[31m\\r\n");
  });

  it("indents nested writers, including what WriteLine writes", () => {
    const out = tabbedString((w) => {
      const n = new NestedPrefixWriter(w, LEVEL_2);
      n.write(LEVEL_0, "Labels:\t");
      n.writeLine("<none>");
    });
    expect(out).toBe("    Labels:      <none>\n");
  });
});
