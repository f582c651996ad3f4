/**
 * The stub resolver inside a container (glibc / musl): /etc/hosts first,
 * then the nameservers of /etc/resolv.conf, trying the search domains the
 * way `ndots` says. What a pod's resolv.conf holds comes from the kubelet
 * (ClusterFirst: `search <ns>.svc.cluster.local svc.cluster.local
 * cluster.local`, `nameserver 10.96.0.10`, `options ndots:5`).
 */

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
}

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], ndots: 1 };
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[#;].*$/, "").trim();
    const [key, ...rest] = line.split(/\s+/);
    if (key === "nameserver" && rest[0]) conf.nameservers.push(rest[0]);
    else if (key === "search" || key === "domain") conf.search = rest.filter((d) => d && d !== ".");
    else if (key === "options") {
      for (const o of rest) {
        const m = /^ndots:(\d+)$/.exec(o);
        if (m) conf.ndots = Math.min(15, Number(m[1]));
      }
    }
  }
  return conf;
}

/** The resolv.conf of a ClusterFirst pod in namespace `ns`. */
export function clusterFirstResolvConf(ns: string, clusterDNS: string, domain = "cluster.local"): ResolvConf {
  return { nameservers: [clusterDNS], search: [`${ns}.svc.${domain}`, `svc.${domain}`, domain], ndots: 5 };
}

/** The names the resolver asks for, in order (res_search). */
export function candidateNames(name: string, conf: ResolvConf): string[] {
  if (name.endsWith(".")) return [name.slice(0, -1)];
  const dots = name.split(".").length - 1;
  const searched = conf.search.map((d) => `${name}.${d}`);
  return dots >= conf.ndots ? [name, ...searched] : [...searched, name];
}

/** An /etc/hosts lookup (first address whose names include the name, case-insensitively). */
export function hostsLookup(hosts: string, name: string): string | undefined {
  const want = name.toLowerCase().replace(/\.$/, "");
  for (const raw of hosts.split("\n")) {
    const fields = raw.replace(/#.*$/, "").trim().split(/\s+/);
    if (fields.length < 2) continue;
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(fields[0])) continue;
    if (fields.slice(1).some((n) => n.toLowerCase() === want)) return fields[0];
  }
  return undefined;
}
