/**
 * apps/v1 and batch/v1 validation (pkg/apis/apps/validation,
 * pkg/apis/batch/validation): selectors, templates, strategies and the
 * fields that may not change.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { newApi, type TestApi } from "../api-fixture.js";
import { createError, fetch, updateError, y } from "./helpers.js";

let t: TestApi;
beforeAll(() => {
  t = newApi();
});

const deployment = (name: string, extra = "", selector = "{app: x}", labels = "{app: x}") =>
  `{apiVersion: apps/v1, kind: Deployment, metadata: {name: ${name}}, spec: {${extra} selector: {matchLabels: ${selector}}, template: {metadata: {labels: ${labels}}, spec: {containers: [{name: c, image: nginx}]}}}}`;

describe("Deployment", () => {
  it("requires the selector to match the template labels", () => {
    expect(createError(t, "deployments", deployment("d", "", "{app: x}", "{app: y}"))).toBe(
      'Deployment.apps "d" is invalid: spec.template.metadata.labels: Invalid value: {"app":"y"}: `selector` does not match template `labels`',
    );
    expect(createError(t, "deployments", `{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {template: {metadata: {labels: {app: y}}, spec: {containers: [{name: c, image: nginx}]}}}}`)).toBe(
      'Deployment.apps "d" is invalid: spec.selector: Required value',
    );
  });

  it("checks replicas, strategy and restart policy", () => {
    expect(createError(t, "deployments", deployment("d", "replicas: -1,"))).toBe('Deployment.apps "d" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(createError(t, "deployments", deployment("d", "strategy: {type: Foo},"))).toBe(
      'Deployment.apps "d" is invalid: spec.strategy: Unsupported value: {"Type":"Foo","RollingUpdate":null}: supported values: "Recreate", "RollingUpdate"',
    );
    expect(createError(t, "deployments", deployment("d", "strategy: {rollingUpdate: {maxUnavailable: 0, maxSurge: 0}},"))).toBe(
      'Deployment.apps "d" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    );
    expect(createError(t, "deployments", deployment("d", "strategy: {rollingUpdate: {maxUnavailable: 120%}},"))).toBe(
      'Deployment.apps "d" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "120%": must not be greater than 100%',
    );
    expect(
      createError(t, "deployments", `{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}, spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {restartPolicy: Never, containers: [{name: c, image: nginx}]}}}}`),
    ).toBe('Deployment.apps "d" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
    expect(createError(t, "deployments", deployment("d", "", "{app: x}", "{app: x}").replace("image: nginx", "image: ''"))).toBe(
      'Deployment.apps "d" is invalid: spec.template.spec.containers[0].image: Required value',
    );
  });

  it("keeps spec.selector immutable", () => {
    t.create("deployments", y(deployment("imm")));
    const d = fetch(t, "deployments", "imm");
    d.spec.selector.matchLabels = { app: "z" };
    d.spec.template.metadata.labels = { app: "z" };
    expect(updateError(t, "deployments", d)).toBe(
      'Deployment.apps "imm" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"z"}}: field is immutable',
    );
    const ok = fetch(t, "deployments", "imm");
    ok.spec.replicas = 5;
    ok.spec.template.spec.containers[0].image = "nginx:1.27";
    expect(updateError(t, "deployments", ok)).toBe("");
  });
});

describe("StatefulSet, DaemonSet, ReplicaSet", () => {
  it("forbids updates to StatefulSet fields other than the allowed ones", () => {
    t.create(
      "statefulsets",
      y(`{apiVersion: apps/v1, kind: StatefulSet, metadata: {name: s}, spec: {serviceName: s, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: nginx}]}}}}`),
    );
    const s = fetch(t, "statefulsets", "s");
    s.spec.serviceName = "other";
    expect(updateError(t, "statefulsets", s)).toBe(
      "StatefulSet.apps \"s\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
    const ok = fetch(t, "statefulsets", "s");
    ok.spec.replicas = 3;
    expect(updateError(t, "statefulsets", ok)).toBe("");
  });

  it("checks DaemonSet and ReplicaSet selectors", () => {
    expect(
      createError(t, "daemonsets", `{apiVersion: apps/v1, kind: DaemonSet, metadata: {name: ds}, spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: c}}, spec: {containers: [{name: c, image: nginx}]}}}}`),
    ).toBe('DaemonSet.apps "ds" is invalid: spec.template.metadata.labels: Invalid value: {"a":"c"}: `selector` does not match template `labels`');
    expect(
      createError(t, "replicasets", `{apiVersion: apps/v1, kind: ReplicaSet, metadata: {name: rs}, spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: c}}, spec: {containers: [{name: c, image: nginx}]}}}}`),
    ).toBe('ReplicaSet.apps "rs" is invalid: spec.template.metadata.labels: Invalid value: {"a":"c"}: `selector` does not match template `labels`');
  });
});

describe("Job and CronJob", () => {
  const job = (name: string, podSpec: string) => `{apiVersion: batch/v1, kind: Job, metadata: {name: ${name}}, spec: {template: {spec: ${podSpec}}}}`;

  it("requires restartPolicy OnFailure or Never", () => {
    expect(createError(t, "jobs", job("j", "{containers: [{name: c, image: busybox}]}"))).toBe(
      'Job.batch "j" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
  });

  it("keeps the pod template and completions immutable", () => {
    t.create("jobs", y(job("j2", "{restartPolicy: Never, containers: [{name: c, image: busybox}]}")));
    const j = fetch(t, "jobs", "j2");
    j.spec.completions = 5;
    expect(updateError(t, "jobs", j)).toBe('Job.batch "j2" is invalid: spec.completions: Invalid value: 5: field is immutable');
    const j2 = fetch(t, "jobs", "j2");
    j2.spec.template.spec.containers[0].image = "busybox:1.36";
    expect(updateError(t, "jobs", j2)).toMatch(
      /^Job\.batch "j2" is invalid: spec\.template: Invalid value: \{"creationTimestamp":null,"labels":\{.*"job-name":"j2"\},"Spec":\{"Volumes":null,"InitContainers":null,"Containers":\[\{"Name":"c","Image":"busybox:1.36",.*\}\}: field is immutable$/,
    );
    const ok = fetch(t, "jobs", "j2");
    ok.spec.parallelism = 2;
    expect(updateError(t, "jobs", ok)).toBe("");
  });

  it("rejects a manual selector that does not match", () => {
    expect(
      createError(
        t,
        "jobs",
        `{apiVersion: batch/v1, kind: Job, metadata: {name: m}, spec: {manualSelector: true, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: c}}, spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}}}`,
      ),
    ).toBe('Job.batch "m" is invalid: spec.template.metadata.labels: Invalid value: {"a":"c"}: `selector` does not match template `labels`');
  });

  const cron = (name: string, schedule: string) =>
    `{apiVersion: batch/v1, kind: CronJob, metadata: {name: ${name}}, spec: {schedule: "${schedule}", jobTemplate: {spec: {template: {spec: {restartPolicy: OnFailure, containers: [{name: c, image: busybox}]}}}}}}`;

  it("parses the schedule as robfig/cron does", () => {
    expect(createError(t, "cronjobs", cron("cj", "* * * *"))).toBe('CronJob.batch "cj" is invalid: spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]');
    expect(createError(t, "cronjobs", cron("cj", "61 * * * *"))).toBe('CronJob.batch "cj" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
    expect(createError(t, "cronjobs", cron("cj", "TZ=UTC * * * * *"))).toBe(
      'CronJob.batch "cj" is invalid: spec.schedule: Invalid value: "TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    );
    expect(createError(t, "cronjobs", cron("cj", "@hourly"))).toBe("");
  });

  it("limits CronJob names to 52 characters", () => {
    const name = "a-very-long-cronjob-name-that-exceeds-fifty-two-chars";
    expect(createError(t, "cronjobs", cron(name, "* * * * *"))).toBe(`CronJob.batch "${name}" is invalid: metadata.name: Invalid value: "${name}": must be no more than 52 characters`);
  });
});
