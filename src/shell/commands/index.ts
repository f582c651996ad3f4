/**
 * Every simulated command the shell provides, by the name typed at the
 * prompt. One folder per tool under commands/, each exporting its Tool.
 */
import type { Tool } from "../tool.js";
import { kubectl } from "./kubectl/kubectl.js";
import { crictl } from "./crictl/crictl.js";
import { systemctl } from "./systemctl/systemctl.js";
import { journalctl } from "./journalctl/journalctl.js";
import { etcdctl } from "./etcdctl/etcdctl.js";
import { etcdutl } from "./etcdutl/etcdutl.js";
import { iptables, iptablesSave } from "./iptables/iptables.js";
import { hostname } from "./hostname/hostname.js";

export const TOOLS: Record<string, Tool> = {
  kubectl,
  k: kubectl,
  crictl,
  systemctl,
  journalctl,
  etcdctl,
  etcdutl,
  iptables,
  "iptables-save": iptablesSave,
  hostname,
};
