import { describe, expect, it } from "vitest";
import { decodeFieldsV1 } from "./fields-v1.js";

describe("decodeFieldsV1", () => {
  it.each([
    ["a scalar field", { "f:spec": { "f:replicas": {} } }, ["spec.replicas"]],
    ["a ConfigMap key", { "f:data": { ".": {}, "f:LOG_LEVEL": {} } }, ["data.LOG_LEVEL"]],
    [
      "a container by its merge key",
      {
        "f:spec": {
          "f:template": { "f:spec": { "f:containers": { 'k:{"name":"app"}': { ".": {}, "f:image": {} } } } },
        },
      },
      ["spec.template.spec.containers[name=app].image"],
    ],
    [
      "a composite merge key",
      { "f:ports": { 'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {} } } },
      ["ports[containerPort=80,protocol=TCP].containerPort"],
    ],
    [
      "a set member by value",
      { "f:metadata": { "f:finalizers": { ".": {}, 'v:"kubernetes.io/pvc-protection"': {} } } },
      ["metadata.finalizers[kubernetes.io/pvc-protection]"],
    ],
    ["a list item by index", { "f:args": { "i:0": {} } }, ["args[0]"]],
    [
      "a key with dots and slashes, quoted",
      { "f:metadata": { "f:annotations": { ".": {}, "f:kubectl.kubernetes.io/restartedAt": {} } } },
      ['metadata.annotations["kubectl.kubernetes.io/restartedAt"]'],
    ],
    ["a map owned only as a whole", { "f:metadata": { "f:labels": { ".": {} } } }, ["metadata.labels"]],
    ["an atomic list (owned as one field)", { "f:spec": { "f:rules": {} } }, ["spec.rules"]],
    [
      "several leaves in the set's order",
      { "f:spec": { "f:replicas": {}, "f:selector": {} }, "f:status": { "f:replicas": {} } },
      ["spec.replicas", "spec.selector", "status.replicas"],
    ],
  ])("%s", (_name, fieldsV1, paths) => {
    expect(decodeFieldsV1(fieldsV1)).toEqual(paths);
  });

  it.each([
    ["undefined", undefined],
    ["a string", "f:spec"],
    ["an array", [{ "f:spec": {} }]],
    ["an empty set", {}],
    ["only the node itself", { ".": {} }],
  ])("yields nothing for %s", (_name, value) => {
    expect(decodeFieldsV1(value)).toEqual([]);
  });

  it("keeps a malformed merge key as written", () => {
    expect(decodeFieldsV1({ "f:items": { "k:{broken": {} } })).toEqual(["items[{broken]"]);
  });
});
