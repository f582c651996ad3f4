/**
 * id for the session's user and named ones.
 */
import { describe, expect, it } from "vitest";
import { newCluster } from "../../helpers.js";
import { ShellSession } from "../../../src/shell/session.js";

describe("id", () => {
  it("root on a node, candidate on the exam host, options and unknown users", async () => {
    const cluster = newCluster();
    const root = await new ShellSession(cluster, { scripted: true }).exec("id; id -u; id -un; id -gn; id -G candidate; id nobody; id ghost; echo rc=$?; id -n");
    expect(root.stdout).toBe("uid=0(root) gid=0(root) groups=0(root)\n0\nroot\nroot\n1000 4 24 27 30 46\nuid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\nrc=1\n");
    expect(root.stderr).toBe("id: ‘ghost’: no such user\nid: cannot print only names or real IDs in default format\n");
    const candidate = await new ShellSession(cluster, { scripted: true, host: "base", user: "candidate" }).exec("id; whoami");
    expect(candidate.stdout).toBe("uid=1000(candidate) gid=1000(candidate) groups=1000(candidate),4(adm),24(cdrom),27(sudo),30(dip),46(plugdev)\ncandidate\n");
  }, 120_000);
});
