import { test } from "vitest";
import { Netfilter } from "../../../src/host/netfilter.js";
import { Proxier } from "../../../src/cluster/proxy/proxier.js";
import { kubeProxyConfig } from "../../../src/cluster/proxy/config.js";
import { servicePorts, servicePortKey } from "../../../src/cluster/proxy/service-port.js";
import { endpointsFromSlices } from "../../../src/cluster/proxy/endpoints.js";
test("perf", () => {
  const N = Number(process.env.EPS ?? 10000);
  const svc = { metadata: { name: "big", namespace: "default" }, spec: { clusterIP: "10.96.1.1", ports: [{ port: 80, protocol: "TCP" }] } };
  const eps = [];
  for (let i = 0; i < N; i++) eps.push({ addresses: [`10.244.${Math.floor(i / 250)}.${(i % 250) + 2}`], conditions: { ready: true }, nodeName: `node${i % 100}` });
  const slices = [];
  for (let i = 0; i < eps.length; i += 100) slices.push({ metadata: { name: `big-${i}`, namespace: "default", labels: { "kubernetes.io/service-name": "big" } }, addressType: "IPv4", ports: [{ name: "", port: 80, protocol: "TCP" }], endpoints: eps.slice(i, i + 100) });
  let t = Date.now();
  const ps: Proxier[] = [];
  for (let n = 0; n < 101; n++) {
    const p = new Proxier(new Netfilter(), kubeProxyConfig({ clusterCIDR: "10.244.0.0/16" }), "192.168.1.1");
    const e = endpointsFromSlices("default/big", slices as any, `node${n}`);
    for (const sp of servicePorts(svc as any)) { const k = servicePortKey(sp.name, sp.protocol); p.servicePorts.set(k, sp); p.endpoints.set(k, e.get(k)!); }
    p.syncProxyRules(0, new Set());
    ps.push(p);
  }
  console.log("101 full syncs", Date.now() - t, "rss", Math.round(process.memoryUsage().rss / 1e6));
  t = Date.now();
  for (const p of ps) p.syncProxyRules(1000, new Set(["default/big"]));
  console.log("101 partial syncs (changed)", Date.now() - t);
  t = Date.now();
  for (const p of ps) p.syncProxyRules(2000, new Set());
  console.log("101 partial syncs (unchanged)", Date.now() - t);
}, 600_000);
