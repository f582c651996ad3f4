/**
 * kubectl config get-clusters and get-users (pkg/cmd/config/get_clusters.go,
 * get_users.go): the names of one kind of stanza under a NAME header.
 */
import type { Section } from "../kubeconfig.js";
import type { Subcommand } from "../types.js";
import { loadConfig } from "./common.js";

function listNames(section: Section): Subcommand {
  return {
    name: `get-${section}`,
    short: `Display ${section} defined in the kubeconfig`,
    long: `Display ${section} defined in the kubeconfig.`,
    examples: `  # List the ${section} that kubectl knows about
  kubectl config get-${section}`,
    usage: `kubectl config get-${section} [flags] [options]`,
    async run(k) {
      const { config } = await loadConfig(k);
      // get-clusters walks a Go map (any order); the simulator lists both sorted, as get-users does.
      k.out.out(["NAME", ...Object.keys(config[section]).sort()].map((l) => l + "\n").join(""));
      return 0;
    },
  };
}

export const getClustersCommand = listNames("clusters");
export const getUsersCommand = listNames("users");
