/**
 * kubectl port-forward: every check of the real command with its message,
 * then kubedojo's explained refusal (no host port is opened).
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

describe("kubectl port-forward", () => {
  const cluster = newCluster();
  const setup = sh("kubectl create deploy web --image=nginx --port=80 >/dev/null\nkubectl expose deploy web --port=8080 --target-port=80 >/dev/null\nsleep 15\nkubectl run creating --image=nginx >/dev/null", { cluster });

  it("refuses honestly after the real checks, and says how to reach the port instead", async () => {
    await setup;
    const r = await sh("kubectl port-forward deploy/web 8080:80", { cluster });
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.split("\n");
    expect(lines[0]).toBe("error: kubedojo does not forward ports: the simulated cluster cannot listen on 127.0.0.1:8080 of this machine.");
    expect(lines[1]).toMatch(/^To reach port 80 of pod\/web-[a-z0-9]+-[a-z0-9]{5}, work from inside the cluster:$/);
    expect(lines[2]).toMatch(/^ {2}kubectl exec web-\S+ -- wget -qO- http:\/\/localhost:80$/);
    expect(lines[3]).toMatch(/^ {2}curl http:\/\/10\.244\.\d+\.\d+:80 {8}\(on a node, e\.g\. after 'ssh controlplane'\)$/);
    expect(r.stdout).toBe("");
  });

  it("a Service port is translated to the container port behind it", async () => {
    await setup;
    const r = await sh("kubectl port-forward svc/web 9000:8080", { cluster });
    expect(r.stderr.split("\n")[1]).toMatch(/^To reach port 80 of pod\/web-/);
  });

  it("the real command's errors come first", async () => {
    await setup;
    expect((await sh("kubectl port-forward web", { cluster })).stderr).toBe("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n");
    expect((await sh("kubectl port-forward nope 80", { cluster })).stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect((await sh("kubectl port-forward deploy/web 8080:http", { cluster })).stderr).toMatch(/^error: Pod 'web-\S+' does not have a named port 'http'\n$/);
    expect((await sh("kubectl port-forward svc/web 8080:80", { cluster })).stderr).toBe("error: Service web does not have a service port 80\n");
    expect((await sh("kubectl port-forward creating 80", { cluster })).stderr).toBe("error: unable to forward port because pod is not running. Current status=Pending\n");
    expect((await sh("kubectl port-forward deploy/web 70000:80", { cluster })).stderr).toBe('error: error parsing local port \'70000\': strconv.ParseUint: parsing "70000": value out of range\n');
  });
});
