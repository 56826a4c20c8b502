// "How does traffic get into this cluster?" Ingress controllers, load balancers, ExternalDNS and its
// ownership settings, hostnames and weighted records, and the ExternalDNS v0.22 annotation-prefix trap.

import { agree, count, listSome, makeCheck, tally, worst } from "./readiness-common.js";
import type { PlatformScan } from "./readiness-components.js";
import { versionsOf } from "./readiness-components.js";
import { ALPHA_PREFIX, type DnsFacts, type ExternalDnsInstance, GA_PREFIX } from "./readiness-dns.js";
import { annotationsOf, asString, at, nameOf } from "./readiness-fields.js";
import type { ReadinessIndex } from "./readiness-index.js";
import type { CheckStatus, ReadinessCheck } from "./types.js";

interface Problem {
  status: CheckStatus;
  evidence: string;
  action: string;
}

interface TrafficEntry {
  controllers: string[];
  ingressClasses: Record<string, string>;
  ingressesByClass: string[];
  loadBalancerServices: number;
  gateways: number;
  /** Controller-specific and Gateway API route objects, as kinds. */
  routes: string[];
}

/** Route objects of Gateway API and of ingress controllers with their own kinds. */
const ROUTE_TYPES: readonly (readonly [string, string])[] = [
  ["gateway.networking.k8s.io", "HTTPRoute"],
  ["gateway.networking.k8s.io", "GRPCRoute"],
  ["gateway.networking.k8s.io", "TLSRoute"],
  ["traefik.io", "IngressRoute"],
  ["traefik.containo.us", "IngressRoute"],
  ["projectcontour.io", "HTTPProxy"],
  ["k8s.nginx.org", "VirtualServer"],
  ["networking.istio.io", "VirtualService"],
];

function trafficEntry(index: ReadinessIndex, scan: PlatformScan): TrafficEntry {
  const controllers = scan.components
    .filter((component) => component.category === "ingress" || component.category === "load-balancer")
    .map((component) => `${component.name} ${versionsOf(component).join(", ") || "(custom kinds only)"}`);
  const ingressClasses: Record<string, string> = {};
  for (const object of index.ofType("networking.k8s.io", "IngressClass")) {
    ingressClasses[nameOf(object)] = asString(at(object, "spec", "controller")) ?? "unknown controller";
  }
  const ingresses = [
    ...index.ofType("networking.k8s.io", "Ingress"),
    ...index.ofType("extensions", "Ingress"),
  ];
  const ingressesByClass = ingresses.map(
    (ingress) =>
      asString(at(ingress, "spec", "ingressClassName")) ??
      asString(annotationsOf(ingress)["kubernetes.io/ingress.class"]) ??
      "(default class)",
  );
  const loadBalancerServices = index
    .ofType("", "Service")
    .filter((service) => at(service, "spec", "type") === "LoadBalancer").length;
  const gateways = index.ofType("gateway.networking.k8s.io", "Gateway").length;
  const routes = ROUTE_TYPES.flatMap(([group, kind]) => index.ofType(group, kind).map(() => kind));
  return { controllers, ingressClasses, ingressesByClass, loadBalancerServices, gateways, routes };
}

function describeInstance(instance: ExternalDnsInstance): string {
  const prefix = instance.annotationPrefix
    ? `${instance.annotationPrefix} (--annotation-prefix)`
    : instance.effectivePrefix
      ? `${instance.effectivePrefix} (default of its version)`
      : "an unknown prefix (version unknown)";
  return (
    `ExternalDNS ${instance.version} in ${instance.workload}: owner id ${instance.ownerId ?? "not set (default)"}, ` +
    `policy ${instance.policy ?? "not set"}, registry ${instance.registry ?? "txt (default)"}, reads ${prefix}`
  );
}

/** Objects annotated under a prefix no ExternalDNS instance reads: their records are ignored. */
function prefixProblems(dns: DnsFacts): Problem[] {
  if (dns.externalDns.length === 0) return [];
  const read = new Set(dns.externalDns.flatMap((instance) => instance.effectivePrefix ?? []));
  const problems: Problem[] = [];
  if (dns.externalDns.some((instance) => instance.effectivePrefix === null)) {
    problems.push({
      status: "warn",
      evidence: "An ExternalDNS image has no version tag: which annotation prefix it reads is unknown",
      action:
        "Pin the ExternalDNS image version; from v0.22.0 it reads only external-dns.kubernetes.io/ unless --annotation-prefix is set",
    });
    return problems;
  }
  for (const [prefix, objects] of Object.entries(dns.prefixUse)) {
    if (read.has(prefix)) continue;
    problems.push({
      status: "fail",
      evidence: `${count(objects.length, "object")} ${agree(objects.length, "uses", "use")} ${prefix} annotations that no ExternalDNS instance reads (${listSome(objects, 3)}): their records are ignored, and deleted under --policy=sync`,
      action: `Set --annotation-prefix=${prefix} on ExternalDNS (chart value annotationPrefix) or move the annotations to ${[...read].join(" or ")}`,
    });
  }
  const alphaByDefault = dns.externalDns.some(
    (instance) => instance.annotationPrefix === null && instance.effectivePrefix === ALPHA_PREFIX,
  );
  if (alphaByDefault && (dns.prefixUse[ALPHA_PREFIX]?.length ?? 0) > 0) {
    problems.push({
      status: "warn",
      evidence: `ExternalDNS reads ${ALPHA_PREFIX} only because it is older than v0.22.0; v0.22.0 switched the default to ${GA_PREFIX} with no fallback`,
      action: `Before green gets ExternalDNS v0.22 or newer, set --annotation-prefix=${ALPHA_PREFIX} explicitly or migrate the annotations to ${GA_PREFIX}`,
    });
  }
  return problems;
}

function ownershipProblems(dns: DnsFacts): Problem[] {
  const shared = dns.externalDns.filter(
    (instance) => instance.ownerId === null || instance.ownerId === "default",
  );
  const unidentified = dns.weighted.filter(
    (record) => record.weight !== null && record.setIdentifier === null,
  );
  const problems: Problem[] = [];
  if (shared.length > 0) {
    problems.push({
      status: "warn",
      evidence: `ExternalDNS in ${listSome(
        shared.map((instance) => instance.workload),
        3,
      )} uses the default owner id`,
      action:
        "Give blue and green distinct --txt-owner-id values: two clusters with one owner id delete or skip each other's records",
    });
  }
  if (unidentified.length > 0) {
    problems.push({
      status: "warn",
      evidence: `${count(unidentified.length, "object")} ${agree(unidentified.length, "sets", "set")} aws-weight without set-identifier (${listSome(
        unidentified.map((record) => record.object),
        3,
      )})`,
      action: "Add a set-identifier next to every aws-weight: Route 53 needs one on each weighted record",
    });
  }
  return problems;
}

function coverageProblems(entry: TrafficEntry, dns: DnsFacts): Problem[] {
  const problems: Problem[] = [];
  const hasEntry =
    entry.ingressesByClass.length + entry.loadBalancerServices + entry.gateways + entry.routes.length > 0;
  if (dns.externalDns.length === 0 && (dns.hostnames.length > 0 || hasEntry)) {
    problems.push({
      status: "warn",
      evidence:
        "No ExternalDNS in the input: DNS records for these hostnames and load balancers are managed elsewhere",
      action:
        "Find who owns the DNS records (Terraform, console, another cluster) and write down how the cutover moves them",
    });
  }
  const knowsController = entry.controllers.length > 0 || Object.keys(entry.ingressClasses).length > 0;
  if (entry.ingressesByClass.length > 0 && !knowsController) {
    problems.push({
      status: "warn",
      evidence: "Ingresses exist but no ingress controller or IngressClass was found in the input",
      action: "Name the controller that serves these Ingresses and add it to green's bootstrap",
    });
  }
  return problems;
}

export function ingressDnsCheck(index: ReadinessIndex, scan: PlatformScan, dns: DnsFacts): ReadinessCheck {
  const entry = trafficEntry(index, scan);
  const classes = Object.entries(entry.ingressClasses).map(([name, controller]) => `${name} → ${controller}`);
  const setIdentifiers = [...new Set(dns.weighted.flatMap((record) => record.setIdentifier ?? []))];
  const evidence = [
    entry.controllers.length > 0
      ? `Ingress and load balancer controllers: ${entry.controllers.join("; ")}`
      : "No ingress or load balancer controller found in the input",
    ...(classes.length > 0 ? [`IngressClasses: ${classes.join(", ")}`] : []),
    `${count(entry.ingressesByClass.length, "Ingress", "Ingresses")}${entry.ingressesByClass.length > 0 ? ` by class: ${tally(entry.ingressesByClass)}` : ""}; ` +
      `${count(entry.loadBalancerServices, "LoadBalancer Service")}; ${count(entry.gateways, "Gateway")}` +
      (entry.routes.length > 0 ? `; routes: ${tally(entry.routes)}` : ""),
    ...(dns.externalDns.length > 0 ? dns.externalDns.map(describeInstance) : ["No ExternalDNS found"]),
    `${count(dns.hostnames.length, "hostname")} in use${dns.hostnames.length > 0 ? `: ${listSome(dns.hostnames)}` : ""}`,
    ...Object.entries(dns.prefixUse).map(
      ([prefix, objects]) => `${prefix} annotations on ${count(objects.length, "object")}`,
    ),
    ...(dns.weighted.length > 0
      ? [
          `Weighted-record annotations (set-identifier/aws-weight) on ${count(dns.weighted.length, "object")}; set identifiers: ${listSome(setIdentifiers) || "none"}`,
        ]
      : []),
  ];
  const problems = [...prefixProblems(dns), ...ownershipProblems(dns), ...coverageProblems(entry, dns)];
  const status = worst(...problems.map((problem) => problem.status));
  const facts = {
    controllers: entry.controllers,
    ingressClasses: entry.ingressClasses,
    ingresses: entry.ingressesByClass.length,
    loadBalancerServices: entry.loadBalancerServices,
    gateways: entry.gateways,
    routes: entry.routes.length,
    externalDns: dns.externalDns,
    hostnames: dns.hostnames,
    weightedRecords: dns.weighted,
    annotationPrefixes: Object.fromEntries(
      Object.entries(dns.prefixUse).map(([prefix, objects]) => [prefix, objects.length]),
    ),
  };
  return makeCheck(
    "ingress-dns",
    status,
    [...evidence, ...problems.map((problem) => problem.evidence)],
    problems.map((problem) => problem.action),
    facts,
  );
}
