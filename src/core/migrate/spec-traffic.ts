// spec.traffic: which provider moves the traffic, and where. One block per provider, chosen by `provider`.
import { z } from "zod";
import { strict, text } from "./spec-fields.js";

export const TRAFFIC_PROVIDERS = ["route53", "haproxy", "externaldns"] as const;
export type TrafficProviderName = (typeof TRAFFIC_PROVIDERS)[number];

const setIdentifier = text.max(128, "must be at most 128 characters");

const recordType = z.enum(["A", "AAAA", "CNAME"], { error: "expected A, AAAA or CNAME" });

const AliasTargetSchema = strict({
  dnsName: text.describe("The load balancer's DNS name."),
  hostedZoneId: text.describe("The load balancer's canonical hosted zone ID (not the zone of the record)."),
  evaluateTargetHealth: z.boolean().default(true).describe("Route 53 EvaluateTargetHealth on the alias."),
});

const Route53RowSchema = strict({
  setIdentifier: setIdentifier.describe("SetIdentifier of this side's row."),
  alias: AliasTargetSchema.optional().describe("Alias target of the row (e.g. the side's ALB)."),
  values: z.array(text).min(1).optional().describe("Plain record values of the row (non-alias)."),
}).refine((row) => !(row.alias && row.values), { message: "takes alias or values, not both" });

const Route53Schema = strict({
  hostedZoneId: text.describe("Hosted zone of the public name."),
  recordName: text.describe("The public name, e.g. shop.example.com."),
  type: recordType.default("A"),
  ttl: z
    .number()
    .int()
    .min(0)
    .max(172_800)
    .optional()
    .describe(
      "TTL in seconds written on plain records that Cutover writes from `values` (default: the record's own, else 60). Never what is waited: that is the longest TTL resolvers may hold, old or new record (alias: the target's, 60 s for a load balancer).",
    ),
  region: text.optional().describe("AWS region for the API client (Route 53 is global; default us-east-1)."),
  endpoint: z
    .string()
    .regex(/^https?:\/\/[^\s/]+/, "expected an http:// or https:// URL")
    .optional()
    .describe("A Route 53-compatible endpoint instead of AWS's (LocalStack, tests)."),
  blue: Route53RowSchema,
  green: Route53RowSchema,
});

const RUNTIME_API = /^(unix:\/.+|[^\s:/]+:\d{1,5})$/;

const HaproxySchema = strict({
  runtimeApi: z
    .string({ error: 'expected "unix:/path/to/admin.sock" or "127.0.0.1:9999"' })
    .regex(RUNTIME_API, 'expected "unix:/path/to/admin.sock" or "host:port", e.g. "127.0.0.1:9999"')
    .describe("HAProxy Runtime API: a unix socket (unix:/path) or host:port; needs level admin."),
  backend: text.describe("Backend holding the two servers."),
  blueServer: text.describe("Server of the backend that is blue."),
  greenServer: text.describe("Server of the backend that is green."),
  stateFile: text
    .optional()
    .describe("server-state-file to rewrite after each change, so a reload keeps weights."),
});

const KubeTargetSchema = strict({
  context: text.describe("kubeconfig context of this side's cluster."),
  kind: z.enum(["Ingress", "Service"], { error: "expected Ingress or Service" }),
  namespace: text,
  name: text,
  setIdentifier: setIdentifier.describe(
    "The object's <prefix>set-identifier annotation: the SetIdentifier of this side's Route 53 row (EKS Blueprints: the cluster name).",
  ),
});

const ExternalDnsSchema = strict({
  annotationPrefix: z
    .string()
    .regex(/^[a-z0-9.-]+\/$/, 'expected a prefix ending in "/", e.g. "external-dns.kubernetes.io/"')
    .default("external-dns.alpha.kubernetes.io/")
    .describe("external-dns.alpha.kubernetes.io/ (before v0.22) or external-dns.kubernetes.io/ (v0.22 on)."),
  blue: KubeTargetSchema,
  green: KubeTargetSchema,
  route53: strict({ hostedZoneId: text, recordName: text, type: recordType.default("A") }).describe(
    "Where ExternalDNS writes the weighted pair; read back until both rows carry the weights.",
  ),
});

const unknownProvider = `unknown traffic provider; expected one of ${TRAFFIC_PROVIDERS.join(", ")}`;

export const TrafficSchema = z
  .discriminatedUnion(
    "provider",
    [
      strict({ provider: z.literal("route53"), route53: Route53Schema }),
      strict({ provider: z.literal("haproxy"), haproxy: HaproxySchema }),
      strict({ provider: z.literal("externaldns"), externaldns: ExternalDnsSchema }),
    ],
    { error: (issue) => (issue.code === "invalid_union" ? unknownProvider : undefined) },
  )
  .superRefine((traffic, ctx) => {
    // Route 53 and ExternalDNS both publish one weighted row per side, keyed by its set identifier.
    const sides =
      traffic.provider === "route53"
        ? traffic.route53
        : traffic.provider === "externaldns"
          ? traffic.externaldns
          : undefined;
    if (sides && sides.blue.setIdentifier === sides.green.setIdentifier) {
      ctx.addIssue({
        code: "custom",
        path: [traffic.provider, "green", "setIdentifier"],
        message: "must differ from blue's setIdentifier (each side owns one weighted row)",
      });
    }
    if (traffic.provider === "haproxy" && traffic.haproxy.blueServer === traffic.haproxy.greenServer) {
      ctx.addIssue({
        code: "custom",
        path: ["haproxy", "greenServer"],
        message: "must differ from blueServer",
      });
    }
  })
  .describe("The traffic provider: route53 (Cutover owns the weighted pair), haproxy, or externaldns.");

export type TrafficSpec = z.infer<typeof TrafficSchema>;
export type Route53Spec = z.infer<typeof Route53Schema>;
export type HaproxySpec = z.infer<typeof HaproxySchema>;
export type ExternalDnsSpec = z.infer<typeof ExternalDnsSchema>;
