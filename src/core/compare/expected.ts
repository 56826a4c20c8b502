// Differences that must exist between blue and green, which the audit calls cluster-specific values:
// IRSA role ARNs (tied to each cluster's OIDC provider), ExternalDNS set identifiers and TXT owner ids,
// the cluster name, load-balancer hostnames, certificate ARNs and where an Argo CD Application deploys.
// They are listed apart and never counted as drift.
import { IRSA_ANNOTATION } from "../audit/readiness-cluster-values.js";
import type { Aspect, ExpectedReason } from "./types.js";

const BY_FIELD: readonly [RegExp, ExpectedReason][] = [
  [new RegExp(`annotations\\[${escapeRegExp(IRSA_ANNOTATION)}\\]$`), "irsa-role-arn"],
  [/annotations\[external-dns\.alpha\.kubernetes\.io\/set-identifier\]$/, "set-identifier"],
  [/\.args\[--txt-owner-id\]$/, "txt-owner-id"],
  [/\.args\[--(?:cluster-name|clusterName|cluster)\]$/, "cluster-name"],
  [/\.env\.[A-Z_]*CLUSTER_NAME[A-Z_]*$/i, "cluster-name"],
  [
    /annotations\[(?:alb\.ingress\.kubernetes\.io\/certificate-arn|service\.beta\.kubernetes\.io\/aws-load-balancer-ssl-cert)\]$/,
    "certificate-arn",
  ],
  [/^spec\.destination\.(?:server|name)$/, "cluster-address"],
];

const IAM_ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\//;
const ACM_ARN = /^arn:aws[\w-]*:acm:/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

export interface ClusterNames {
  blue?: string;
  green?: string;
}

/** Why a difference in `field` from `blue` to `green` is expected, or undefined when it is drift. */
export function expectedReason(
  aspect: Aspect,
  field: string,
  blue: string | null,
  green: string | null,
  names: ClusterNames,
): ExpectedReason | undefined {
  if (aspect === "address") return "load-balancer-hostname";
  if (aspect === "secret") return undefined;
  for (const [pattern, reason] of BY_FIELD) if (pattern.test(field)) return reason;
  if (blue === null || green === null) return undefined;
  if (IAM_ROLE_ARN.test(blue) && IAM_ROLE_ARN.test(green)) return "irsa-role-arn";
  if (ACM_ARN.test(blue) && ACM_ARN.test(green)) return "certificate-arn";
  // The same value with blue's cluster name swapped for green's.
  if (names.blue && names.green && blue.includes(names.blue)) {
    if (blue.split(names.blue).join(names.green) === green) return "cluster-name";
  }
  return undefined;
}
