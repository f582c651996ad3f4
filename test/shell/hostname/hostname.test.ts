/**
 * hostname: prints the kernel's name; as root `hostname NAME` sets it
 * (uname -n follows, /etc/hostname does not), as another user it is refused,
 * and a name with characters a host name cannot have is invalid.
 */
import { describe, expect, it } from "vitest";
import { ShellSession } from "../../../src/shell/session.js";
import { newCluster, sh } from "../../helpers.js";

describe("hostname", () => {
  const cluster = newCluster();

  it("sets the kernel's name as root, which uname -n reports and /etc/hostname does not", async () => {
    const r = await sh("hostname; hostname cp-renamed; echo $?; hostname; uname -n; cat /etc/hostname; ssh node01 hostname", { cluster });
    expect(r.stdout).toBe("controlplane\n0\ncp-renamed\ncp-renamed\ncontrolplane\nnode01\n");
  });

  it("refuses invalid names, and any name from a user who is not root", async () => {
    const r = await sh("hostname a_b; echo $?", { cluster });
    expect(r.stderr).toBe("hostname: the specified hostname is invalid\n");
    expect(r.stdout).toBe("1\n");
    const c = await new ShellSession(cluster, { scripted: true, host: "base", user: "candidate" }).exec("hostname x; echo $?; hostname");
    expect(c.stderr).toBe("hostname: you must be root to change the host name\n");
    expect(c.stdout).toBe("1\nbase\n");
  });
});
