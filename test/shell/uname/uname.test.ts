/**
 * uname: the node's name and the kernel its Node object reports.
 */
import { describe, expect, it } from "vitest";
import { sh } from "../../helpers.js";

describe("uname", () => {
  it("-a, -r, -m, -n, and the kernel the node reports", async () => {
    const r = await sh("uname; uname -a; uname -r; uname -m; uname -n; ssh node01 uname -n; kubectl get node controlplane -o jsonpath='{.status.nodeInfo.kernelVersion}'; echo; uname -x; uname foo");
    expect(r.stdout).toBe("Linux\nLinux controlplane 6.8.0-51-generic #52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n6.8.0-51-generic\nx86_64\ncontrolplane\nnode01\n6.8.0-51-generic\n");
    expect(r.stderr).toBe("uname: invalid option -- 'x'\nTry 'uname --help' for more information.\nuname: extra operand ‘foo’\nTry 'uname --help' for more information.\n");
  });
});
