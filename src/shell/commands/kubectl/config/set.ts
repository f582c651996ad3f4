/**
 * kubectl config set PROPERTY_NAME PROPERTY_VALUE [--set-raw-bytes] and
 * kubectl config unset PROPERTY_NAME (pkg/cmd/config/set.go, unset.go).
 */
import { KubectlError } from "../errors.js";
import { modifyConfig } from "../kubeconfig.js";
import { goQuote } from "../printers/gofmt.js";
import type { Subcommand } from "../types.js";
import { goList, helpError, loadConfig } from "./common.js";
import { modifyProperty, navigationSteps } from "./navigation.js";

export const setCommand: Subcommand = {
  name: "set",
  short: "Set an individual value in a kubeconfig file",
  long: `Set an individual value in a kubeconfig file.

 PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.

 PROPERTY_VALUE is the new value you want to set. Binary fields such as 'certificate-authority-data' expect a base64 encoded string unless the --set-raw-bytes flag is used.

 Specifying an attribute name that already exists will merge new fields on top of existing values.`,
  examples: `  # Set the server field on the my-cluster cluster to https://1.2.3.4
  kubectl config set clusters.my-cluster.server https://1.2.3.4
  
  # Set the certificate-authority-data field on the my-cluster cluster
  kubectl config set clusters.my-cluster.certificate-authority-data $(echo "cert_data_here" | base64 -i -)
  
  # Set the cluster field in the my-context context to my-cluster
  kubectl config set contexts.my-context.cluster my-cluster
  
  # Set the client-key-data field in the cluster-admin user using --set-raw-bytes option
  kubectl config set users.cluster-admin.client-key-data cert_data_here --set-raw-bytes=true`,
  usage: "kubectl config set PROPERTY_NAME PROPERTY_VALUE [options]",
  flags: [
    { name: "set-raw-bytes", type: "bool", usage: "When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding." },
  ],
  async run(k) {
    if (k.args.length !== 2) helpError(k, setCommand, `Unexpected args: ${goList(k.args)}`);
    const [name, value] = k.args;
    if (!value) throw new KubectlError("you cannot use set to unset a property");
    if (!name) throw new KubectlError("you must specify a property");
    const { access, config } = await loadConfig(k);
    modifyProperty(config, navigationSteps(name), value, false, k.flags.values["set-raw-bytes"] === true);
    await modifyConfig(access, config, false);
    k.out.line(`Property ${goQuote(name)} set.`);
    return 0;
  },
};

export const unsetCommand: Subcommand = {
  name: "unset",
  short: "Unset an individual value in a kubeconfig file",
  long: `Unset an individual value in a kubeconfig file.

 PROPERTY_NAME is a dot delimited name where each token represents either an attribute name or a map key.  Map keys may not contain dots.`,
  examples: `  # Unset the current-context
  kubectl config unset current-context
  
  # Unset namespace in foo context
  kubectl config unset contexts.foo.namespace`,
  usage: "kubectl config unset PROPERTY_NAME [options]",
  async run(k) {
    if (k.args.length !== 1) helpError(k, unsetCommand, `Unexpected args: ${goList(k.args)}`);
    const name = k.args[0];
    if (!name) throw new KubectlError("you must specify a property");
    const { access, config } = await loadConfig(k);
    modifyProperty(config, navigationSteps(name), "", true, true);
    await modifyConfig(access, config, false);
    k.out.line(`Property ${goQuote(name)} unset.`);
    return 0;
  },
};
