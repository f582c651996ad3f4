/**
 * What kube-apiserver answers on GET /version (apimachinery version.Info):
 * the binary's version and build, and since v1.33 its emulation and
 * minimum-compatibility versions (by default its own minor and the one
 * before).
 */
import { kubernetesRelease } from "../../host/packages.js";
import { KUBERNETES_VERSION } from "../controlplane/component.js";

export interface VersionInfo {
  major: string;
  minor: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** kube-apiserver's own build date, where known (each binary of a release has its own). */
const APISERVER_BUILD_DATES: Record<string, string> = { "v1.34.1": "2025-09-09T19:37:20Z" };

export function serverVersionInfo(gitVersion: string = KUBERNETES_VERSION): VersionInfo {
  const [major, minor] = gitVersion.replace(/^v/, "").split(".");
  // The release's commit and Go version (an upgraded control plane reports its own), else the simulator's release.
  const release = kubernetesRelease(gitVersion) ?? kubernetesRelease(KUBERNETES_VERSION)!;
  const build = { ...release, buildDate: APISERVER_BUILD_DATES[gitVersion] ?? release.buildDate };
  return {
    major,
    minor,
    emulationMajor: major,
    emulationMinor: minor,
    minCompatibilityMajor: major,
    minCompatibilityMinor: String(Number(minor) - 1),
    gitVersion,
    gitCommit: build.gitCommit,
    gitTreeState: "clean",
    buildDate: build.buildDate,
    goVersion: build.goVersion,
    compiler: "gc",
    platform: "linux/amd64",
  };
}
