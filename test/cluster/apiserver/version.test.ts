/**
 * GET /version of kube-apiserver (src/cluster/apiserver/version.ts): the
 * running release's own commit and Go version, so that an upgraded control
 * plane does not report the build it replaced.
 */
import { describe, expect, it } from "vitest";
import { serverVersionInfo } from "../../../src/cluster/apiserver/version.js";

describe("kube-apiserver /version", () => {
  it("v1.34.1: the released kube-apiserver binary's build", () => {
    expect(serverVersionInfo("v1.34.1")).toMatchObject({
      major: "1",
      minor: "34",
      minCompatibilityMinor: "33",
      gitCommit: "93248f9ae092f571eb870b7664c534bfc7d00f03",
      buildDate: "2025-09-09T19:37:20Z",
      goVersion: "go1.24.6",
    });
  });

  it("an upgraded control plane reports its release's commit and Go version", () => {
    expect(serverVersionInfo("v1.35.0")).toMatchObject({
      major: "1",
      minor: "35",
      emulationMinor: "35",
      minCompatibilityMinor: "34",
      gitVersion: "v1.35.0",
      gitCommit: "66452049f3d692768c39c797b21b793dce80314e",
      goVersion: "go1.25.5",
    });
  });
});
