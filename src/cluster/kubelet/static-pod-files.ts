/**
 * The kubelet's file source for static pods (pkg/kubelet/config/file.go,
 * file_linux.go, common.go): the manifests in staticPodPath, read again on
 * every inotify event in that directory and every fileCheckFrequency (20s).
 * Each pass yields the complete set of pods that parse, so a file that
 * disappears, or stops parsing, stops its pod. Files are matched with the
 * glob `[^.]*`: dot-files are ignored, any other regular file is read
 * whatever its extension; sub-directories are skipped with a log line.
 */
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../api/types.js";
import { goYamlError } from "../api/go-yaml-errors.js";
import { formatFieldError, goQuote } from "../api/field-errors.js";
import { validatePodCreate } from "../apiserver/validation/pod.js";
import { decodeFailure } from "../apiserver/schema/index.js";
import { applyKindDefaults } from "../apiserver/defaulting/index.js";
import type { TimerHandle, VirtualClock } from "../clock.js";
import type { HostFilesystem } from "../../host/filesystem.js";
import type { StaticPodManifest, StaticPodSource } from "./static-pods.js";

/** Where the kubelet's log lines go (klog severity, source file:line, structured message). */
export type KubeletLog = (severity: "I" | "W" | "E", file: string, msg: string) => void;

export interface FileStaticPodSourceOptions {
  fs: HostFilesystem;
  /** staticPodPath, e.g. /etc/kubernetes/manifests. */
  path: string;
  clock: VirtualClock;
  fileCheckFrequencyMs: number;
  log: KubeletLog;
}

type Parsed = { pod: KubeObject } | { error: string };

const quote = goQuote;

/** Decodes one manifest as tryDecodeSinglePod does: YAML → JSON → v1 Pod, then validation. */
export function parseStaticPodManifest(text: string, path: string): Parsed {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const doc = Array.isArray(docs) ? docs[0] : docs;
  if (doc?.errors.length) return { error: `${path}: couldn't parse as pod(${goYamlError(doc.errors[0])}), please check config file` };
  const obj = doc?.toJS() as KubeObject | null | undefined;
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) return { error: `${path}: couldn't parse as pod(Object 'Kind' is missing in '${JSON.stringify(obj ?? null)}'), please check config file` };
  if (!obj.kind) return { error: `${path}: couldn't parse as pod(Object 'Kind' is missing in '${JSON.stringify(obj)}'), please check config file` };
  const version = obj.apiVersion ?? "";
  if (version !== "v1") return { error: `${path}: couldn't parse as pod(no kind "${obj.kind}" is registered for version "${version}" in scheme "pkg/api/legacyscheme/scheme.go:30"), please check config file` };
  if (obj.kind !== "Pod") return { error: `invalid pod: ${obj.kind}` };
  const why = decodeFailure("/Pod", obj);
  if (why) return { error: `${path}: couldn't parse as pod(${why}), please check config file` };
  // The universal decoder applies the v1 defaults before the kubelet validates.
  const defaulted = structuredClone(obj) as KubeObject;
  defaulted.metadata = { namespace: "default", ...defaulted.metadata };
  applyKindDefaults("/Pod", defaulted);
  const errors = validatePodCreate(defaulted);
  if (errors.length) return { error: `invalid pod: [${errors.map(formatFieldError).join(", ")}]` };
  return { pod: obj };
}

export class FileStaticPodSource implements StaticPodSource {
  private listeners: Array<() => void> = [];
  private unwatch?: () => void;
  private timer?: TimerHandle;
  private lastSignature = "";
  private current: StaticPodManifest[] = [];
  /** Parsed manifests by path and content: the periodic re-read costs nothing when no file changed. */
  private parsed = new Map<string, { text: string; result: Parsed }>();

  constructor(private readonly o: FileStaticPodSourceOptions) {}

  /** Starts watching (inotify plus the periodic re-list) and reads the directory once. */
  start(): void {
    this.o.log("I", "file.go:66", `"Watching path" path=${quote(this.o.path)}`);
    this.unwatch = this.o.fs.watch(this.o.path, () => this.refresh());
    this.refresh();
    this.schedule();
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = undefined;
    this.o.clock.cancel(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = this.o.clock.setTimer(this.o.fileCheckFrequencyMs, () => {
      this.refresh();
      this.schedule();
    });
  }

  list(): StaticPodManifest[] {
    return this.current;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Re-reads every manifest; tells the kubelet when the set of pods changed. */
  private refresh(): void {
    const next = this.read();
    const signature = next.map((m) => `${m.source}\0${this.parsed.get(m.source)?.text}`).join("\0");
    this.current = next;
    if (signature === this.lastSignature) return;
    this.lastSignature = signature;
    for (const l of this.listeners) l();
  }

  private read(): StaticPodManifest[] {
    const { fs, path } = this.o;
    if (!fs.exists(path)) {
      this.o.log("E", "file.go:112", `"Unable to read config path" err="path does not exist, ignoring" path=${quote(path)}`);
      return [];
    }
    const out: StaticPodManifest[] = [];
    for (const name of fs.list(path)) {
      if (name.startsWith(".")) continue;
      const file = `${path.replace(/\/+$/, "")}/${name}`;
      if (fs.isDir(file)) {
        this.o.log("E", "file.go:160", `"Provided manifest path is a directory, not recursing into manifest path" path=${quote(file)}`);
        continue;
      }
      const text = fs.read(file) ?? "";
      let cached = this.parsed.get(file);
      if (cached?.text !== text) this.parsed.set(file, (cached = { text, result: parseStaticPodManifest(text, file) }));
      const parsed = cached.result;
      if ("error" in parsed) {
        this.o.log("E", "file.go:187", `"Could not process manifest file" err=${quote(parsed.error)} path=${quote(file)}`);
        continue;
      }
      out.push({ pod: parsed.pod, source: file });
    }
    return out;
  }
}
