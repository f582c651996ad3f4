/**
 * What kube-apiserver answers on GET /version (apimachinery version.Info):
 * the binary's version and build, and since v1.33 its emulation and
 * minimum-compatibility versions (by default its own minor and the one
 * before).
 */
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

/** Build facts of the releases the simulator runs (from the released binaries' /version). */
const BUILDS: Record<string, { gitCommit: string; buildDate: string; goVersion: string }> = {
  "v1.34.1": { gitCommit: "93248f9ae092f571eb870b7664c534bfc7d00f03", buildDate: "2025-09-09T19:37:20Z", goVersion: "go1.24.6" },
};

export function serverVersionInfo(gitVersion: string = KUBERNETES_VERSION): VersionInfo {
  const [major, minor] = gitVersion.replace(/^v/, "").split(".");
  const build = BUILDS[gitVersion] ?? BUILDS[KUBERNETES_VERSION];
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
