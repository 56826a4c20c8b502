// ExternalDNS preflight: the annotations of each cluster and the rows ExternalDNS published, checked
// before any change.
import { GetHostedZoneCommand, ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { createExternalDnsTraffic, type ExternalDnsTrafficOptions } from "../../src/adapters/externaldns.js";
import {
  ALPHA,
  annotations,
  ingress,
  row,
  target,
  useFakeClusters,
  V022,
} from "../support/externaldns-fixtures.js";
import { listingOf } from "../support/route53-fixtures.js";

type Json = Record<string, unknown>;
const { route53, cluster, twoClusters } = useFakeClusters();
const { r53 } = route53;
const rows = listingOf;

describe("externaldns preflight", () => {
  const issuesOf = async (options: ExternalDnsTrafficOptions) =>
    (await createExternalDnsTraffic(options).preflight()).map((i) => i.message);

  it.each<[string, Json, RegExp]>([
    [
      "a wrong set-identifier",
      ingress("web", annotations(ALPHA, "eks-blue-old", "100")),
      /alpha.kubernetes.io\/set-identifier on Ingress shop\/web in context fake is "eks-blue-old", expected "eks-blue" \(blue\)/,
    ],
    [
      "no weight annotation",
      ingress("web", { [`${ALPHA}set-identifier`]: "eks-blue" }),
      /has no external-dns.alpha.kubernetes.io\/aws-weight annotation/,
    ],
    [
      "no ExternalDNS annotations",
      ingress("web", {}),
      /has no set-identifier annotation under either prefix/,
    ],
    [
      "both prefixes",
      ingress("web", { ...annotations(ALPHA, "eks-blue", "100"), ...annotations(V022, "eks-blue", "100") }),
      /under both prefixes .*set annotationPrefix/,
    ],
    [
      "a missing object",
      ingress("other", annotations(ALPHA, "eks-blue", "100")),
      /cannot get Ingress shop\/web in context fake: HTTP 404: .*not found: check namespace and name/,
    ],
  ])("names %s", async (_label, blueObject, message) => {
    const { options } = await twoClusters();
    const blue = await cluster("blue2", [blueObject]);
    const issues = await issuesOf({ ...options, blue: { ...options.blue, kube: target(blue.kubeconfig) } });
    expect(issues.some((m) => message.test(m))).toBe(true);
  });

  it("names an unreachable cluster without its token", async () => {
    const { options, blue } = await twoClusters();
    const issues = await issuesOf({
      ...options,
      blue: { ...options.blue, kube: { ...options.blue.kube, context: "other" } },
    });
    expect(issues[0]).toMatch(
      /cannot get Ingress shop\/web in context other: ECONNREFUSED \(is the API server reachable\?\)/,
    );
    expect(issues.join()).not.toContain("other-secret-token");
    expect(blue.requests).toHaveLength(0);
  });

  it.each([
    [
      "a row ExternalDNS has not published",
      rows(row("eks-blue", 100)),
      /Route 53 has no A record "eks-green" \(green\) for shop.example.com: ExternalDNS has not published it/,
    ],
    [
      "a row out of sync with its annotation",
      rows(row("eks-blue", 100), row("eks-green", 30)),
      /Route 53 has weight 30 for "eks-green" \(green\) but the annotation says 0: ExternalDNS is not syncing it/,
    ],
  ])("names %s", async (_label, listing, message) => {
    const { options } = await twoClusters();
    r53.on(ListResourceRecordSetsCommand).resolves(listing);
    expect(await issuesOf(options)).toEqual([expect.stringMatching(message)]);
  });

  it("names shared set identifiers, both weights 0 and an unreachable zone", async () => {
    const { options } = await twoClusters("0", "0");
    r53
      .on(GetHostedZoneCommand)
      .rejects(Object.assign(new Error("No hosted zone found with ID: Z123"), { name: "NoSuchHostedZone" }));
    const issues = await issuesOf(options);
    expect(issues).toContain("both weight annotations are 0, so Route 53 splits traffic equally");
    const shared = await issuesOf({ ...options, green: { ...options.green, setIdentifier: "eks-blue" } });
    expect(shared).toContain('blue and green share the set identifier "eks-blue"');
    expect(issues.some((m) => /NoSuchHostedZone: No hosted zone found with ID: Z123/.test(m))).toBe(true);
  });

  it.each([
    [
      " 100",
      /weight annotation external-dns.alpha.kubernetes.io\/aws-weight on Ingress shop\/web in context fake " 100" is not an integer as Go's strconv.ParseInt reads it .*publishes weight 0/,
    ],
    ["1_00", /"1_00" is not an integer/],
    ["300", /"300" is outside 0–255, so Route 53 refuses/],
  ])("warns that the annotation %j would not be published as written", async (text, message) => {
    const { options } = await twoClusters(text, "0");
    r53.on(ListResourceRecordSetsCommand).resolves(rows(row("eks-blue", 100), row("eks-green", 0)));
    expect((await issuesOf(options)).some((m) => message.test(m))).toBe(true);
  });

  it("accepts a leading + as ExternalDNS does", async () => {
    const { options } = await twoClusters("+100", "0");
    expect(await issuesOf(options)).toEqual([]);
    expect(await createExternalDnsTraffic(options).readWeights()).toEqual({ blue: 100, green: 0 });
  });
});
