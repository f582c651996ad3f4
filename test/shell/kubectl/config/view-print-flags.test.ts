/**
 * `kubectl config view` chooses its printer as PrintFlags.ToPrinter does:
 * --template without -o is a go-template (not -o's default yaml), and an
 * empty -o is the name printer even with --template. Outputs captured from
 * the real kubectl v1.32 on setup.sh's admin.conf.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { sh } from "../../../helpers.js";

const SETUP = readFileSync(new URL("setup.sh", new URL(".", import.meta.url)), "utf8");

it("config view: --template alone is a go-template, an empty -o the name printer", async () => {
  const r = await sh(
    "mkdir -p /root/gold && cd /root/gold && unset KUBECONFIG\n" +
      SETUP +
      "\nkubectl --kubeconfig=admin.conf config view --template='{{.kind}} {{.apiVersion}}'; echo '[rc='$?']'" +
      "\nkubectl --kubeconfig=admin.conf config view -o ''; echo '[rc='$?']'" +
      "\nkubectl --kubeconfig=admin.conf config view -o '' --template='{{.kind}}'; echo '[rc='$?']'",
  );
  expect(r.stdout).toBe("Config v1[rc=0]\nconfig/<unknown>\n[rc=0]\nconfig/<unknown>\n[rc=0]\n");
  expect(r.stderr).toBe("");
});
