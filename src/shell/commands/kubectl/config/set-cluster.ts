/** kubectl config set-cluster NAME [--server] [--certificate-authority] [--embed-certs] [--insecure-skip-tls-verify] [--tls-server-name] [--proxy-url] (pkg/cmd/config/set_cluster.go). */
import { KubectlError } from "../errors.js";
import { modifyConfig, type Stanza } from "../kubeconfig.js";
import { goQuote } from "../printers/gofmt.js";
import type { Subcommand } from "../types.js";
import { goList, helpError, loadConfig, provided } from "./common.js";
import { absolutePath, embed, mustExist } from "./files.js";

export const setClusterCommand: Subcommand = {
  name: "set-cluster",
  short: "Set a cluster entry in kubeconfig",
  long: `Set a cluster entry in kubeconfig.

 Specifying a name that already exists will merge new fields on top of existing values for those fields.`,
  examples: `  # Set only the server field on the e2e cluster entry without touching other values
  kubectl config set-cluster e2e --server=https://1.2.3.4
  
  # Embed certificate authority data for the e2e cluster entry
  kubectl config set-cluster e2e --embed-certs --certificate-authority=~/.kube/e2e/kubernetes.ca.crt
  
  # Disable cert checking for the e2e cluster entry
  kubectl config set-cluster e2e --insecure-skip-tls-verify=true
  
  # Set the custom TLS server name to use for validation for the e2e cluster entry
  kubectl config set-cluster e2e --tls-server-name=my-cluster-name
  
  # Set the proxy URL for the e2e cluster entry
  kubectl config set-cluster e2e --proxy-url=https://1.2.3.4`,
  usage:
    "kubectl config set-cluster NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com] [options]",
  flags: [
    { name: "certificate-authority", type: "string", usage: "Path to certificate-authority file for the cluster entry in kubeconfig" },
    { name: "embed-certs", type: "bool", usage: "embed-certs for the cluster entry in kubeconfig" },
    { name: "insecure-skip-tls-verify", type: "bool", usage: "insecure-skip-tls-verify for the cluster entry in kubeconfig" },
    { name: "proxy-url", type: "string", usage: "proxy-url for the cluster entry in kubeconfig" },
    { name: "server", type: "string", usage: "server for the cluster entry in kubeconfig" },
    { name: "tls-server-name", type: "string", usage: "tls-server-name for the cluster entry in kubeconfig" },
  ],
  async run(k) {
    if (k.args.length !== 1) helpError(k, setClusterCommand, `Unexpected args: ${goList(k.args)}`);
    const name = k.args[0];
    const v = (flag: string) => String(k.flags.values[flag] ?? "");
    const insecure = k.flags.values["insecure-skip-tls-verify"] === true;
    const embedCerts = k.flags.values["embed-certs"] === true;
    const caPath = v("certificate-authority");
    if (!name) throw new KubectlError("you must specify a non-empty cluster name");
    if (insecure && caPath) throw new KubectlError("you cannot specify a certificate authority and insecure mode at the same time");
    if (embedCerts) {
      if (!caPath) throw new KubectlError("you must specify a --certificate-authority to embed");
      await mustExist(k, "certificate-authority", caPath);
    }
    const { access, config } = await loadConfig(k);
    const cluster: Stanza = { ...(config.clusters[name] ?? {}) };
    if (provided(k, "server")) {
      cluster.server = v("server");
      delete cluster["tls-server-name"];
    }
    if (provided(k, "tls-server-name")) cluster["tls-server-name"] = v("tls-server-name");
    if (provided(k, "insecure-skip-tls-verify")) {
      cluster["insecure-skip-tls-verify"] = insecure;
      if (insecure) {
        delete cluster["certificate-authority"];
        delete cluster["certificate-authority-data"];
      }
    }
    if (provided(k, "certificate-authority")) {
      if (embedCerts) {
        cluster["certificate-authority-data"] = await embed(k, caPath);
        cluster["insecure-skip-tls-verify"] = false;
        delete cluster["certificate-authority"];
      } else {
        cluster["certificate-authority"] = absolutePath(k, caPath);
        if (caPath) {
          cluster["insecure-skip-tls-verify"] = false;
          delete cluster["certificate-authority-data"];
        }
      }
    }
    if (provided(k, "proxy-url")) cluster["proxy-url"] = v("proxy-url");
    config.clusters[name] = cluster;
    await modifyConfig(access, config, true);
    k.out.line(`Cluster ${goQuote(name)} set.`);
    return 0;
  },
};
