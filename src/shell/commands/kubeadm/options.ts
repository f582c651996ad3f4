/**
 * The flags several kubeadm commands share (cmd/kubeadm/app/cmd/options/
 * generic.go AddConfigFlag, AddKubeConfigFlag, AddIgnorePreflightErrorsFlag,
 * phases' skip-phases).
 */
import type { KFlag } from "./cobra.js";
import { ADMIN_KUBECONFIG } from "./context.js";

export const CONFIG_FLAG: KFlag = { name: "config", type: "string", usage: "Path to a kubeadm configuration file." };

export const KUBECONFIG_FLAG: KFlag = {
  name: "kubeconfig",
  type: "string",
  default: ADMIN_KUBECONFIG,
  usage: "The kubeconfig file to use when talking to the cluster. If the flag is not set, a set of standard locations can be searched for an existing kubeconfig file.",
};

export const IGNORE_PREFLIGHT_FLAG: KFlag = {
  name: "ignore-preflight-errors",
  type: "stringSlice",
  usage: "A list of checks whose errors will be shown as warnings. Example: 'IsPrivilegedUser,Swap'. Value 'all' ignores errors from all checks.",
};

export const SKIP_PHASES_FLAG: KFlag = { name: "skip-phases", type: "stringSlice", usage: "List of phases to be skipped" };
