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
import { kubeadm } from "./kubeadm/kubeadm.js";
import { apt, aptGet, aptCache, aptMark } from "./apt/apt.js";
import { openssl } from "./openssl/openssl.js";
import { ps } from "./ps/ps.js";
import { df } from "./df/df.js";
import { free } from "./free/free.js";
import { uptime } from "./uptime/uptime.js";
import { ip } from "./ip/ip.js";
import { ss } from "./ss/ss.js";
import { ping } from "./ping/ping.js";
import { nc } from "./nc/nc.js";
import { uname } from "./uname/uname.js";
import { id } from "./id/id.js";
import { vim, vi, nano } from "./editor/editor.js";
import { sudo } from "./sudo/sudo.js";
import { helm } from "./helm/helm.js";
import { curl } from "./curl/curl.js";
import { date } from "./date/date.js";
import { whoami } from "./whoami/whoami.js";

export const TOOLS: Record<string, Tool> = {
  kubectl,
  crictl,
  systemctl,
  journalctl,
  etcdctl,
  etcdutl,
  iptables,
  "iptables-save": iptablesSave,
  hostname,
  kubeadm,
  "apt-get": aptGet,
  "apt-cache": aptCache,
  "apt-mark": aptMark,
  apt,
  openssl,
  ps,
  df,
  free,
  uptime,
  ip,
  ss,
  ping,
  nc,
  uname,
  id,
  vim,
  vi,
  nano,
  sudo,
  helm,
  curl,
  date,
  whoami,
};
