/**
 * whoami: the session's user, coreutils' errors.
 */
import { describe, expect, it } from "vitest";
import { newCluster } from "../../helpers.js";
import { ShellSession } from "../../../src/shell/session.js";

describe("whoami", () => {
  it("names the session's user, and refuses operands", async () => {
    const cluster = newCluster();
    const r = await new ShellSession(cluster, { scripted: true }).exec("whoami; whoami extra; echo rc=$?");
    expect(r.stdout).toBe("root\nrc=1\n");
    expect(r.stderr).toBe("whoami: extra operand ‘extra’\nTry 'whoami --help' for more information.\n");
    const c = await new ShellSession(cluster, { scripted: true, host: "base", user: "candidate" }).exec("whoami");
    expect(c.stdout).toBe("candidate\n");
  }, 120_000);
});
