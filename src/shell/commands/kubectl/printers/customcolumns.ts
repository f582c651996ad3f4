/**
 * -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image and
 * -o custom-columns-file=FILE (a header line and a spec line), as kubectl's
 * CustomColumnsPrinter: each spec is a relaxed JSONPath, missing values show
 * `<none>`, several values are joined by commas.
 */
import type { KubeObject } from "../../../../cluster/api/types.js";
import { KubectlError } from "../errors.js";
import { goSprint } from "./gofmt.js";
import { JSONPath, JSONPathError, relaxedJSONPathExpression } from "./jsonpath.js";
import { escapeTerminal } from "./table.js";
import { tabulate } from "./tabwriter.js";

export interface CustomColumn {
  header: string;
  fieldSpec: string;
}

function relaxed(spec: string): string {
  try {
    return relaxedJSONPathExpression(spec);
  } catch (e) {
    throw new KubectlError((e as Error).message);
  }
}

/** Columns from `HEADER:path,HEADER:path`. */
export function columnsFromSpec(spec: string): CustomColumn[] {
  if (spec === "") throw new KubectlError("custom-columns format specified but no custom columns given");
  return spec.split(",").map((part) => {
    const i = part.indexOf(":");
    if (i < 0) throw new KubectlError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, i), fieldSpec: relaxed(part.slice(i + 1)) };
  });
}

/** Columns from a template file: headers on the first line, paths on the second, whitespace separated. */
export function columnsFromTemplate(text: string): CustomColumn[] {
  // Lines as bufio.Scanner yields them: a final newline ends the last line rather than starting one.
  const lines = text === "" ? [] : text.replace(/\n$/, "").split("\n").map((l) => l.replace(/\r$/, ""));
  const words = (l: string) => l.split(/\s+/).filter((w) => w !== "");
  const expected = "Expected format is one line of space separated headers, one line of space separated column specs.";
  if (lines.length < 1) throw new KubectlError(`invalid template, missing header line. ${expected}`);
  if (lines.length < 2) throw new KubectlError(`invalid template, missing spec line. ${expected}`);
  const headers = words(lines[0]);
  const specs = words(lines[1]);
  if (headers.length !== specs.length) throw new KubectlError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  return headers.map((h, i) => ({ header: h, fieldSpec: relaxed(specs[i]) }));
}

export class CustomColumnsPrinter {
  private printedHeader = false;

  constructor(
    readonly columns: CustomColumn[],
    readonly noHeaders = false,
  ) {}

  /** Tab-separated lines for an object or a List (its items), header first. */
  print(obj: KubeObject): string {
    let out = "";
    if (!this.noHeaders && !this.printedHeader) {
      out += this.columns.map((c) => c.header).join("\t") + "\n";
      this.printedHeader = true;
    }
    const parsers = this.columns.map((c, i) => {
      const p = new JSONPath(`column${i}`);
      p.allowMissingKeys = true;
      try {
        return p.parse(c.fieldSpec);
      } catch (e) {
        throw new KubectlError((e as Error).message);
      }
    });
    const items: unknown[] = Array.isArray(obj.items) && obj.kind?.endsWith("List") ? obj.items : [obj];
    for (const item of items) out += this.row(item, parsers) + "\n";
    return tabulate(out);
  }

  private row(obj: unknown, parsers: JSONPath[]): string {
    return parsers
      .map((p) => {
        let values: unknown[][];
        try {
          values = p.findResults(obj);
        } catch (e) {
          if (e instanceof JSONPathError) throw new KubectlError(e.message);
          throw e;
        }
        const texts: string[] = [];
        if (values.length === 0 || values[0].length === 0) texts.push("<none>");
        for (const group of values) for (const v of group) texts.push(escapeTerminal(goSprint(v)));
        return texts.join(",");
      })
      .join("\t");
  }
}
