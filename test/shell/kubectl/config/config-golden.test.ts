/**
 * Golden tests of `kubectl config`: a sequence of commands on kubeconfig
 * files (view with its redaction, -o json/jsonpath/name, --minify,
 * --flatten, get-contexts, set-context, use-context, set-cluster,
 * set-credentials with --embed-certs, set/unset paths, rename, delete,
 * $KUBECONFIG merging and where writes land, broken files) must print and
 * write exactly what the real kubectl does. golden.json holds
 * [command, stdout, stderr, exit code] captured from the real kubectl
 * (v1.32, offline: config never talks to a server) run in order on the
 * files setup.sh creates. Two differences of v1.34 are applied to the capture:
 * client-go v0.34 omits an empty `preferences` (v1.Config's field became
 * omitzero when kuberc deprecated it), and step 43 drops a klog line the
 * real kubectl printed about the fixture's dummy certificate. Go pointer
 * values in messages (`map[a:0xc000...]`) differ from run to run and are
 * compared as 0xADDR.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const here = new URL(".", import.meta.url);
const SETUP = readFileSync(new URL("setup.sh", here), "utf8");
const STEPS = JSON.parse(readFileSync(new URL("golden.json", here), "utf8")) as Array<[string, string, string, number]>;

/** v1.32's output as v1.34 prints it: no empty preferences. */
const v134 = (s: string) => s.replace(/^preferences: \{\}\n/gm, "").replace(/^ *"preferences": \{\},\n/gm, "");

describe("kubectl config matches the real kubectl, step by step", () => {
  const cluster = newCluster();
  const dir = "mkdir -p /root/gold && cd /root/gold && unset KUBECONFIG\n";
  it("sets up the kubeconfig files", async () => {
    expect((await sh(dir + SETUP, { cluster })).exitCode).toBe(0);
  });
  it.each(STEPS.map((s, i) => [i, ...s] as const))("%i: %s", async (_i, cmd, stdout, stderr, exit) => {
    const r = await sh(dir + cmd, { cluster });
    const addr = (s: string) => s.replace(/0x[0-9a-f]+/g, "0xADDR");
    expect({ stdout: r.stdout, stderr: addr(r.stderr), exit: r.exitCode }).toEqual({ stdout: v134(stdout), stderr: addr(stderr), exit });
  });
});
