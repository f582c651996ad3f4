/**
 * A bare API server for apiserver tests: store, event loop, clock, seeded
 * randomness and the bootstrap objects (namespaces, RBAC, the kubernetes
 * Service), without controllers, kubelets or nodes. Fast, and every
 * response is exactly what the API server alone produces.
 */
import { ApiServer } from "../../../src/cluster/apiserver/apiserver.js";
import { bootstrapApiServer } from "../../../src/cluster/apiserver/bootstrap.js";
import { VirtualClock } from "../../../src/cluster/clock.js";
import { EventLoop } from "../../../src/cluster/loop.js";
import { SeededRandom } from "../../../src/cluster/random.js";
import { Store } from "../../../src/cluster/store/store.js";
import { ApiError } from "../../../src/cluster/api/errors.js";
import { SYSTEM_MASTERS, type KubeObject } from "../../../src/cluster/api/types.js";
import type { WriteOptions } from "../../../src/cluster/apiserver/apiserver.js";

export interface TestApi {
  api: ApiServer;
  loop: EventLoop;
  clock: VirtualClock;
  /** Creates as kubectl does (fieldValidation=Strict) and settles the loop. */
  create(resource: string, obj: KubeObject, opts?: WriteOptions): KubeObject;
  update(resource: string, obj: KubeObject, opts?: WriteOptions): KubeObject;
  get(resource: string, namespace: string | undefined, name: string): KubeObject;
  /** The ApiError a write throws (fails the test when it succeeds). */
  error(fn: () => unknown): ApiError;
}

export function newApi(): TestApi {
  const loop = new EventLoop();
  const clock = new VirtualClock(Date.parse("2025-06-01T10:00:00Z"));
  const store = new Store(loop);
  const api = new ApiServer({ store, clock, random: new SeededRandom(7), loop });
  bootstrapApiServer(api);
  loop.drain();
  const t: TestApi = {
    api,
    loop,
    clock,
    create(resource, obj, opts = { fieldValidation: "Strict" }) {
      const out = api.create(SYSTEM_MASTERS, resource, obj.metadata?.namespace ?? (api.registry.resolve(resource)?.namespaced ? "default" : undefined), obj, opts);
      loop.drain();
      return out;
    },
    update(resource, obj, opts = { fieldValidation: "Strict" }) {
      const out = api.update(SYSTEM_MASTERS, resource, obj.metadata?.namespace ?? (api.registry.resolve(resource)?.namespaced ? "default" : undefined), obj, opts);
      loop.drain();
      return out;
    },
    get(resource, namespace, name) {
      return api.get(SYSTEM_MASTERS, resource, namespace, name);
    },
    error(fn) {
      try {
        fn();
      } catch (e) {
        if (e instanceof ApiError) return e;
        throw e;
      }
      throw new Error("expected the request to fail");
    },
  };
  return t;
}
