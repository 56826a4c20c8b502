import { describe, expect, it } from "vitest";
import { BASE_SPEC, testSpec } from "../../../test/support/migration-spec.js";
import { CONNECTION_HORIZON_MS, drainWaitMs, phaseAfter } from "./phases.js";

const body = testSpec().spec;
const ROUTE53_PLAIN = BASE_SPEC.replace(
  / {2}traffic:\n {4}provider: haproxy\n.*\n/,
  "  traffic:\n    provider: route53\n    route53: { hostedZoneId: Z1, recordName: shop.example.com, ttl: 30, blue: { setIdentifier: b, values: [192.0.2.1] }, green: { setIdentifier: g, values: [192.0.2.2] } }\n",
);

describe("phaseAfter", () => {
  it.each([
    ["pending", "preflight"],
    ["preflight", "stepping"],
    ["stepping", "promoted"],
    ["promoted", "final-bake"],
    ["final-bake", "draining"],
    ["draining", "frozen"],
    ["frozen", "completed"],
  ] as const)("after %s comes %s for the test spec", (phase, next) => {
    expect(phaseAfter(body, phase)).toBe(next);
  });

  it("skips the final bake when it is 0 and the freeze when there is none", () => {
    const bare = testSpec(
      BASE_SPEC.replace("finalBake: 1m", "finalBake: 0s").replace(/ {2}freeze:\n.*\n.*\n/, ""),
    ).spec;
    expect(phaseAfter(bare, "promoted")).toBe("draining");
    expect(phaseAfter(bare, "draining")).toBe("completed");
  });
});

describe("drainWaitMs", () => {
  it("is spec.drain.wait when given", () => {
    expect(drainWaitMs(body)).toBe(30_000);
  });

  it("defaults to the DNS TTL plus the connection horizon", () => {
    const route53 = testSpec(ROUTE53_PLAIN.replace("  drain: { wait: 30s }\n", "")).spec;
    expect(drainWaitMs(route53)).toBe(30_000 + CONNECTION_HORIZON_MS);
    const haproxy = testSpec(BASE_SPEC.replace("  drain: { wait: 30s }\n", "")).spec;
    expect(drainWaitMs(haproxy)).toBe(CONNECTION_HORIZON_MS);
  });
});
