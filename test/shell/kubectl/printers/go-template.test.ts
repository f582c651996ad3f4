/**
 * -o go-template: go-template-golden.json holds what the real kubectl
 * printed for each template on `kubectl create deployment web
 * --image=nginx:1.27 --replicas=3 --dry-run=client`.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import type { KubeObject } from "../../../../src/cluster/api/types.js";
import { objectPrinter } from "../../../../src/shell/commands/kubectl/printers/output.js";
import { GoTemplate, TemplateError } from "../../../../src/shell/commands/kubectl/printers/gotemplate.js";

const golden: { object: KubeObject; cases: Array<{ template: string; stdout: string; stderr: string; exitCode: number }> } = JSON.parse(
  readFileSync(new URL("./go-template-golden.json", import.meta.url), "utf8"),
);

describe("go-template output matches the real kubectl", () => {
  for (const c of golden.cases) {
    it(c.template, () => {
      let debug = "";
      const printer = objectPrinter({ kind: "go-template", template: c.template }, { onTemplateDebug: (t) => (debug += t) });
      if (c.exitCode === 0) {
        expect(printer.print(golden.object)).toBe(c.stdout);
        return;
      }
      // The error line is exact; the debug dump differs only in key order (the real one printed a Go struct).
      expect(() => printer.print(golden.object)).toThrow(c.stderr.replace(/^error: /, "").trimEnd());
      expect(debug.split("\n")[0]).toBe(c.stdout.split("\n")[0]);
    });
  }
});

describe("go-template parsing", () => {
  it.each([
    ["{{.metadata.name", "template: output:1: unclosed action"],
    ["{{if .a}}x", "template: output:1: unexpected EOF"],
    ["{{end}}", "template: output:1: unexpected {{end}}"],
    ["{{nosuch .a}}", 'template: output:1: function "nosuch" not defined'],
  ])("rejects %s", (text, message) => {
    expect(() => new GoTemplate(text)).toThrow(TemplateError);
    expect(() => new GoTemplate(text)).toThrow(message);
  });

  it("supports else if chains, with/else, variables assigned in ranges, break", () => {
    const data = { items: [{ n: 1 }, { n: 2 }, { n: 3 }], x: { y: "z" } };
    expect(new GoTemplate('{{range .items}}{{if eq .n 1}}one{{else if eq .n 2}}two{{else}}many{{end}} {{end}}').execute(data)).toBe("one two many ");
    expect(new GoTemplate("{{with .x}}{{.y}}{{else}}none{{end}}|{{with .nope}}{{.}}{{else}}none{{end}}").execute(data)).toBe("z|none");
    expect(new GoTemplate("{{$s := 0}}{{range .items}}{{$s = .n}}{{end}}{{$s}}").execute(data)).toBe("3");
    expect(new GoTemplate("{{range .items}}{{if eq .n 2}}{{break}}{{end}}{{.n}}{{end}}").execute(data)).toBe("1");
    expect(new GoTemplate('{{base64decode "aGVsbG8="}}').execute(data)).toBe("hello");
  });

  it("reports missing keys as errors when they are not allowed", () => {
    const t = new GoTemplate("{{.nope}}");
    t.allowMissingKeys = false;
    expect(() => t.execute({})).toThrow('map has no entry for key "nope"');
  });
});
