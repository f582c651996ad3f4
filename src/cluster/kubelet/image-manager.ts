/**
 * EnsureImageExists (pkg/kubelet/images/image_manager.go): honours the pull
 * policy, emits Pulling / Pulled / Failed / BackOff events, keeps the image
 * pull back-off per pod and image (10s doubling to 5m), and pulls one image
 * at a time as kubeadm's default serializeImagePulls does, so "including
 * waiting" in the Pulled message counts the queue.
 */
import type { KubeObject } from "../api/types.js";
import type { EventRecorder } from "../client/events.js";
import type { VirtualClock } from "../clock.js";
import { Backoff } from "./backoff.js";
import { alreadyPresent, backOffPulling, failedToPull, neverPull, pulled, pulling } from "./messages.js";
import { pullPolicy, type Container } from "./pod-spec.js";
import { InvalidReferenceError, parseImageReference } from "./runtime/images.js";
import type { ContainerRuntime, ImageRecord, PullResult } from "./runtime/runtime.js";

/** A step of a kubelet job: wait this many ms, or until a condition holds (re-checked on runtime events). */
export type Wait = number | { until: () => boolean; timeoutMs: number };

export type EnsureResult = { ok: true; image: ImageRecord } | { ok: false; reason: string; message: string };

export class ImageManager {
  readonly backoff: Backoff;
  private queue: Array<() => void> = [];
  private pulling = false;
  /** The last pull error per back-off key, quoted in ImagePullBackOff messages. */
  private lastError = new Map<string, string>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly clock: VirtualClock,
    private readonly recorder: EventRecorder,
  ) {
    this.backoff = new Backoff(() => clock.now());
  }

  /** Ensures the container's image is present; yields while it is pulled (`wake` is called when the pull ends). */
  *ensureImage(pod: KubeObject, c: Container, fieldPath: string, wake: () => void): Generator<Wait, EnsureResult, void> {
    const ev = (type: "Normal" | "Warning", reason: string, message: string) => this.recorder.event(pod, type, reason, message, { fieldPath });
    const image = String(c.image ?? "");
    try {
      parseImageReference(image);
    } catch (e) {
      const why = e instanceof InvalidReferenceError ? e.message : "invalid reference format";
      const msg = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${why}`;
      ev("Warning", "InspectFailed", msg);
      return { ok: false, reason: "InvalidImageName", message: msg };
    }
    const present = this.runtime.imageStatus(image);
    const policy = pullPolicy(c);
    if (policy === "Never" || (policy === "IfNotPresent" && present)) {
      if (present) {
        ev("Normal", "Pulled", alreadyPresent(image));
        return { ok: true, image: present };
      }
      const msg = neverPull(image);
      ev("Warning", "ErrImageNeverPull", msg);
      return { ok: false, reason: "ErrImageNeverPull", message: msg };
    }
    const key = `${pod.metadata.uid}_${image}`;
    if (this.backoff.isInBackOffSinceUpdate(key, this.clock.now())) {
      const msg = backOffPulling(image);
      ev("Normal", "BackOff", msg);
      const prev = this.lastError.get(key);
      return { ok: false, reason: "ImagePullBackOff", message: prev ? `${msg}: ErrImagePull: ${prev}` : msg };
    }
    ev("Normal", "Pulling", pulling(image));
    const requested = this.clock.now();
    let result: PullResult | undefined;
    this.enqueue((done) =>
      this.runtime.pullImage(image, (r) => {
        result = r;
        done();
        wake();
      }),
    );
    yield { until: () => result !== undefined, timeoutMs: Infinity };
    const r = result!;
    if ("error" in r) {
      ev("Warning", "Failed", failedToPull(image, r.error));
      this.backoff.next(key, this.clock.now());
      this.lastError.set(key, r.error);
      return { ok: false, reason: "ErrImagePull", message: r.error };
    }
    ev("Normal", "Pulled", pulled(image, r.pullMs, this.clock.now() - requested, r.image.size));
    this.lastError.delete(key);
    return { ok: true, image: r.image };
  }

  /** When the pull back-off for this pod's image ends (to schedule the retry then). */
  retryAt(pod: KubeObject, image: string): number | undefined {
    return this.backoff.expiry(`${pod.metadata.uid}_${image}`);
  }

  /** Serialized pulls: one download at a time, in request order. */
  private enqueue(start: (done: () => void) => void): void {
    this.queue.push(() =>
      start(() => {
        this.pulling = false;
        this.next();
      }),
    );
    if (!this.pulling) this.next();
  }

  private next(): void {
    const job = this.queue.shift();
    if (!job) return;
    this.pulling = true;
    job();
  }
}
