/**
 * pflag's rules as kubectl's command line shows them (src/shell/flags.ts).
 * Expected output captured from the real kubectl v1.32, offline.
 */
import { expect, it } from "vitest";
import { sh } from "../helpers.js";

it("names a flag with its shorthand in a bad value's error, whichever form was typed", async () => {
  const r = await sh("kubectl logs --follow=maybe x; kubectl logs -f=maybe x; kubectl logs --tail=abc x");
  expect(r.stderr).toBe(
    [
      'Error: invalid argument "maybe" for "-f, --follow" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
      "See 'kubectl logs --help' for usage.",
      'Error: invalid argument "maybe" for "-f, --follow" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
      "See 'kubectl logs --help' for usage.",
      'Error: invalid argument "abc" for "--tail" flag: strconv.ParseInt: parsing "abc": invalid syntax',
      "See 'kubectl logs --help' for usage.",
      "",
    ].join("\n"),
  );
});
