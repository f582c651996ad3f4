/**
 * --server: the port a URL without one dials (client-go's DefaultServerURL:
 * https's 443 with TLS settings, else http's 80), and the server named in
 * the refusal as the real kubectl v1.32 names it (the URL's host, the port
 * only when written): checked with `kubectl --server=127.0.0.1 get pods`.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

describe("kubectl --server", () => {
  const cluster = newCluster();

  it("names the server as written when nothing listens there", async () => {
    const r = await sh("kubectl --server=192.168.100.10 get pods; kubectl --kubeconfig=/dev/null --server=https://127.0.0.1 get pods", { cluster });
    expect(r.stderr).toBe(
      "The connection to the server 192.168.100.10 was refused - did you specify the right host or port?\n" +
        "The connection to the server 127.0.0.1 was refused - did you specify the right host or port?\n",
    );
  });

  it("reaches the API server when the URL names its port", async () => {
    const r = await sh("kubectl --server=https://192.168.100.10:6443 get ns default --no-headers | awk '{print $1, $2}'", { cluster });
    expect(r.stdout).toBe("default Active\n");
  });
});
