/**
 * kubectl set SUBCOMMAND (pkg/cmd/set/set.go): env, image, resources,
 * selector, serviceaccount, subject. Without a subcommand it prints its help
 * on stderr and exits 1 (cmdutil.DefaultSubCommandRun).
 */
import { defineGeneratorGroup } from "../create/generator.js";
import { setEnvCommand } from "./env.js";
import { setImageCommand } from "./image.js";
import { setResourcesCommand } from "./resources.js";
import { setSelectorCommand } from "./selector.js";
import { setServiceAccountCommand } from "./serviceaccount.js";
import { setSubjectCommand } from "./subject.js";

export const setCommand = defineGeneratorGroup({
  name: "set",
  short: "Set specific features on objects",
  long: "Configure application resources.\n\n These commands help you make changes to existing application resources.",
  usage: "kubectl set SUBCOMMAND [options]",
  subcommands: [setEnvCommand, setImageCommand, setResourcesCommand, setSelectorCommand, setServiceAccountCommand, setSubjectCommand],
});
