/**
 * The template engine as Helm uses it (printers/gotemplate.ts with
 * helm/template-funcs.ts): named templates, include/tpl, methods on data,
 * missingkey=zero, float64 values, and the Sprig functions' argument order
 * and edge cases.
 */
import { describe, expect, it } from "vitest";
import { GoInt, GoTemplateSet } from "../../../src/shell/commands/kubectl/printers/gotemplate.js";
import { helmFuncs } from "../../../src/shell/commands/helm/template-funcs.js";
import { sh } from "../../helpers.js";

function render(src: string, data: unknown = {}): string {
  let seed = 0;
  const set = new GoTemplateSet({ missingKey: "zero", floats: true, funcs: helmFuncs({ randomInt: (n) => seed++ % n, now: () => Date.UTC(2026, 0, 12, 8, 47, 0) }) });
  set.parse("t", src);
  return set.execute("t", data).replace(/<no value>/g, "");
}

describe("engine features Helm relies on", () => {
  it("defines, includes and nests named templates; block falls back to its body", () => {
    expect(render(`{{- define "a" }}[{{ . }}]{{ end -}}{{ template "a" "x" }}{{ include "a" "y" | upper }}{{ block "b" "z" }}<{{ . }}>{{ end }}`)).toBe("[x][Y]<z>");
  });

  it("calls methods on values with the command's arguments", () => {
    const caps = Object.assign(["apps/v1"], { Has: ([v]: unknown[]) => v === "apps/v1" });
    expect(render(`{{ .C.Has "apps/v1" }} {{ .C.Has "x/v1" }} {{ .F.Get "a.txt" }}`, { C: caps, F: { Get: ([n]: unknown[]) => `content of ${n}` } })).toBe("true false content of a.txt");
  });

  it("treats a missing key as a nil interface: empty when printed, an error when dereferenced", () => {
    expect(render(`[{{ .Values.nope }}]{{ if .Values.nope }}yes{{ else }}no{{ end }}`, { Values: {} })).toBe("[]no");
    expect(() => render(`{{ .Values.nope.deeper }}`, { Values: {} })).toThrow('template: t:1:3: executing "t" at <.Values.nope.deeper>: nil pointer evaluating interface {}.deeper');
  });

  it("keeps values as float64 and template constants as int", () => {
    expect(render(`{{ .v }} {{ .big }} {{ printf "%d" .v }} {{ add .v 1 }} {{ eq .v 2.0 }} {{ eq .i 2 }}`, { v: 2, big: 1234567, i: new GoInt(2) })).toBe("2 1.234567e+06 %!d(float64=2) 3 true true");
  });

  it("passes a parenthesized pipeline and a following field as two arguments", () => {
    expect(render(`{{ and (eq .a "x") .b }}`, { a: "x", b: "y" })).toBe("y");
  });
});

describe("Sprig and Helm functions", () => {
  const cases: Array<[string, unknown, string]> = [
    [`{{ "" | default "d" }} {{ 0 | default 5 }} {{ "v" | default "d" }}`, {}, "d 5 v"],
    [`{{ quote "a" 1 }} {{ squote "b" }} {{ .nil | quote }}|`, { nil: null }, `"a" "1" 'b' |`],
    [`{{ "hello world" | title }} {{ "  x " | trim }} {{ "abcdef" | trunc 3 }} {{ "abcdef" | trunc -2 }} {{ "web-" | trimSuffix "-" }}`, {}, "Hello World x abc ef web"],
    [`{{ "a.b.c" | replace "." "-" }} {{ contains "ell" "hello" }} {{ hasPrefix "he" "hello" }} {{ "ab" | repeat 2 }}`, {}, "a-b-c true true abab"],
    [`{{ .s | indent 2 }}|{{ "x" | nindent 3 }}`, { s: "a\nb" }, "  a\n  b|\n   x"],
    [`{{ toYaml .m }}`, { m: { b: [1, "two"], a: { c: true } } }, "a:\n  c: true\nb:\n- 1\n- two"],
    [`{{ toJson .m }} {{ (fromJson "{\\"k\\": 1}").k }} {{ (fromYaml "a: b").a }}`, { m: { z: 1, a: "<x>" } }, `{"a":"\\u003cx\\u003e","z":1} 1 b`],
    [`{{ $d := dict "a" 1 "b" 2 }}{{ keys $d | sortAlpha | join "," }} {{ hasKey $d "a" }} {{ get $d "b" }} {{ (set $d "c" 3).c }} {{ pluck "a" $d | first }}`, {}, "a,b true 2 3 1"],
    [`{{ list 1 2 3 | last }} {{ list 3 1 2 | sortAlpha }} {{ until 3 }} {{ append (list "a") "b" }} {{ has 2 (list 1 2) }}`, {}, "3 [1 2 3] [0 1 2] [a b] true"],
    [`{{ merge (dict "a" 1) (dict "a" 2 "b" 3) | toJson }} {{ mergeOverwrite (dict "a" 1) (dict "a" 2) | toJson }}`, {}, `{"a":1,"b":3} {"a":2}`],
    [`{{ "s3cret" | b64enc }} {{ "czNjcmV0" | b64dec }} {{ "x" | sha256sum | trunc 8 }}`, {}, "czNjcmV0 s3cret 2d711642"],
    [`{{ regexMatch "^[a-z]+$" "abc" }} {{ regexReplaceAll "(a)(b)" "xaby" "\${2}\${1}" }} {{ "a,b" | splitList "," | len }}`, {}, "true xbay 2"],
    [`{{ semverCompare ">=1.21.0-0" "v1.34.1" }} {{ semverCompare "^1.2.0" "1.3.4" }} {{ semverCompare "~1.2.0" "1.3.0" }}`, {}, "true true false"],
    [`{{ ternary "a" "b" true }} {{ empty "" }} {{ empty (list) }} {{ coalesce "" .x "z" }}`, { x: null }, "a true true z"],
    [`{{ kindOf "s" }} {{ kindOf .n }} {{ kindOf (list) }} {{ kindOf .m }} {{ typeOf 1.5 }} {{ kindIs "map" .m }}`, { n: 1, m: {} }, "string float64 slice map float64 true"],
    [`{{ int "42" | add 1 }} {{ sub 5 2 }} {{ div 7 2 }} {{ mod 7 2 }} {{ max 1 9 3 }} {{ 1.6 | int }}`, {}, "43 3 3 1 9 1"],
    [`{{ now | date "2006-01-02T15:04" }} {{ randAlphaNum 4 | len }}`, {}, "2026-01-12T08:47 4"],
    [`{{ tpl "{{ .Values.a }}-x" . }}`, { Values: { a: "v" } }, "v-x"],
  ];
  for (const [src, data, want] of cases) {
    it(src, () => {
      expect(render(src, data)).toBe(want);
    });
  }

  it("required and fail stop the render with Helm's error marker", () => {
    expect(() => render(`{{ required "need x" .x }}`, {})).toThrow("HELM_ERR_STARTneed xHELM_ERR_END");
    expect(() => render(`{{ fail "no" }}`, {})).toThrow("HELM_ERR_STARTnoHELM_ERR_END");
  });
});

describe("kubectl -o go-template shares the engine", () => {
  it("runs define/template and parenthesized arguments in kubectl templates", async () => {
    const r = await sh(`kubectl create namespace gt >/dev/null
kubectl get ns gt -o go-template='{{define "n"}}<{{.metadata.name}}>{{end}}{{template "n" .}} {{and (eq .metadata.name "gt") .status.phase}}'`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("<gt> Active");
  });
});
