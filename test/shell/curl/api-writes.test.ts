/**
 * curl against the API server's REST paths with a body, as the manual
 * scheduling lesson does it: POST pods/NAME/binding binds a pod no
 * scheduler takes (the server answers with a Success Status, 201), POST to
 * a collection creates, PUT replaces, DELETE removes, and a body the server cannot
 * decode is refused with its 415 or 400. Sources: the apiserver's
 * negotiation (errUnsupportedMediaType), the JSON serializer's
 * "couldn't get version/kind" and pkg/registry/core/pod BindingREST.
 */
import { describe, expect, it } from "vitest";
import { newCluster, sh } from "../../helpers.js";

const API = "https://192.168.100.10:6443/api/v1/namespaces/default";
const CURL = "curl -s --cacert /etc/kubernetes/pki/ca.crt --cert /etc/kubernetes/pki/apiserver-kubelet-client.crt --key /etc/kubernetes/pki/apiserver-kubelet-client.key";
const JSON_TYPE = "-H 'Content-Type: application/json'";

describe("curl writes to the API server", () => {
  const cluster = newCluster();

  it("binds a pod no scheduler takes to the node the Binding names", async () => {
    const r = await sh(
      [
        `kubectl run manual --image=nginx --overrides='{"spec":{"schedulerName":"nobody"}}' >/dev/null`,
        `echo '{"apiVersion":"v1","kind":"Binding","metadata":{"name":"manual"},"target":{"apiVersion":"v1","kind":"Node","name":"node02"}}' > binding.json`,
        `${CURL} ${JSON_TYPE} -X POST --data @binding.json ${API}/pods/manual/binding`,
        "sleep 20",
        "kubectl get pod manual -o jsonpath='{.spec.nodeName} {.status.phase}{\"\\n\"}'",
      ].join("\n"),
      { cluster },
    );
    expect(r.stdout).toBe('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Success",\n  "code": 201\n}\nnode02 Running\n');
  });

  it("creates from a JSON body and deletes by name", async () => {
    const r = await sh(
      [
        `${CURL} ${JSON_TYPE} -d '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"viacurl"},"data":{"a":"1"}}' ${API}/configmaps -o /dev/null -w '%{http_code}\\n'`,
        "kubectl get cm viacurl -o jsonpath='{.data.a}{\"\\n\"}'",
        `${CURL} -X DELETE ${API}/configmaps/viacurl -o /dev/null -w '%{http_code}\\n'`,
        "kubectl get cm viacurl 2>&1",
      ].join("\n"),
      { cluster },
    );
    expect(r.stdout).toBe('201\n1\n200\nError from server (NotFound): configmaps "viacurl" not found\n');
  });

  it("replaces with PUT, and a stale resourceVersion is the server's 409", async () => {
    const r = await sh(
      [
        "kubectl create cm put1 --from-literal=a=1 >/dev/null",
        `kubectl get cm put1 -o json | sed 's/"a": "1"/"a": "2"/' > put1.json`,
        `${CURL} ${JSON_TYPE} -X PUT --data @put1.json ${API}/configmaps/put1 -o /dev/null -w '%{http_code}\\n'`,
        "kubectl get cm put1 -o jsonpath='{.data.a}{\"\\n\"}'",
        `${CURL} ${JSON_TYPE} -X PUT --data @put1.json ${API}/configmaps/put1 | grep -E '"(reason|code)"'`,
      ].join("\n"),
      { cluster },
    );
    expect(r.stdout).toBe('200\n2\n  "reason": "Conflict",\n  "code": 409\n');
  });

  it("refuses a form body with 415 and a body that is no object with 400", async () => {
    const r = await sh(
      [
        `${CURL} -d '{"kind":"ConfigMap"}' ${API}/configmaps | grep -E '"(message|code)"'`,
        `${CURL} ${JSON_TYPE} -d '[1]' ${API}/configmaps | grep -E '"code"'`,
        `${CURL} ${JSON_TYPE} -d '{"apiVersion":"v1"}' ${API}/configmaps | grep -E '"message"'`,
      ].join("\n"),
      { cluster },
    );
    expect(r.stdout).toBe(
      [
        '  "message": "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",',
        '  "code": 415',
        '  "code": 400',
        `  "message": "Object 'Kind' is missing in '{\\"apiVersion\\":\\"v1\\"}'",`,
        "",
      ].join("\n"),
    );
  });
});
