/**
 * The mutating commands' PrintFlags (common/print.ts): --template without
 * -o is a go-template; -o given empty is the name printer with the
 * operation, --template or not. Captured from the real kubectl v1.32
 * (`kubectl create deployment x --image=nginx --dry-run=client ...`).
 */
import { expect, it } from "vitest";
import { sh } from "../../../helpers.js";

it("--template alone prints the template; an explicit empty -o prints the name line", async () => {
  const r = await sh(
    "kubectl create deployment x --image=nginx --dry-run=client --template='{{.kind}}'; echo; " +
      "kubectl create deployment x --image=nginx --dry-run=client -o '' --template='{{.kind}}'",
  );
  expect(r.stdout).toBe("Deployment\ndeployment.apps/x created (dry run)\n");
  expect(r.stderr).toBe("");
});
