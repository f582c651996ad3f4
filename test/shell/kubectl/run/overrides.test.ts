/**
 * --overrides errors of `kubectl run` and `kubectl expose` (one mechanism,
 * cmdutil.Overrider.Apply): a JSON patch is decoded by json.Unmarshal
 * (jsonpatch.DecodePatch in cmdutil.JSONPatch, so Go's own syntax and type
 * errors), a strategic merge patch by strategicpatch's handleUnmarshal
 * (any failure is mergepatch.ErrBadJSONDoc, `invalid JSON document`).
 * Sources: staging/src/k8s.io/kubectl/pkg/cmd/util/override_options.go and
 * helpers.go; apimachinery/pkg/util/strategicpatch/patch.go.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../../helpers.js";

const CASES: Array<[string, string]> = [
  ["--override-type=json --overrides='{bad'", "error: invalid character 'b' looking for beginning of object key string\n"],
  ["--override-type=json --overrides='{}'", "error: json: cannot unmarshal object into Go value of type jsonpatch.Patch\n"],
  ["--override-type=json --overrides='true'", "error: json: cannot unmarshal bool into Go value of type jsonpatch.Patch\n"],
  ["--override-type=strategic --overrides='{bad'", "error: invalid JSON document\n"],
  ["--override-type=strategic --overrides='[1]'", "error: invalid JSON document\n"],
];

describe("--overrides that do not decode fail as the real kubectl's decoders do", () => {
  const cluster = newCluster();
  for (const [flags, stderr] of CASES) {
    it(`run ${flags}`, async () => {
      const r = await sh(`kubectl run web --image=nginx --dry-run=client -o yaml ${flags}`, { cluster });
      expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({ stdout: "", stderr, exitCode: 1 });
    });
  }

  it("expose shares them (and the merge patch's `Invalid JSON Patch`)", async () => {
    const r = await sh(
      "kubectl create deployment web --image=nginx --port=80 >/dev/null; kubectl expose deploy web --dry-run=client -o yaml --overrides='{bad'; kubectl expose deploy web --dry-run=client -o yaml --override-type=strategic --overrides='[1]'",
      { cluster },
    );
    expect(r.stderr).toBe("error: Invalid JSON Patch\nerror: invalid JSON document\n");
  });
});
