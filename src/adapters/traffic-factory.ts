// Builds the traffic provider a migration spec names. The option types are the providers' own, exported
// here so the spec mapping and the CLI depend on one module.
import type { Clock } from "../ports/clock.js";
import { TrafficError, type TrafficProvider } from "../ports/traffic.js";
import { createExternalDnsTraffic, type ExternalDnsTrafficOptions } from "./externaldns.js";
import { createHaproxyTraffic, type HaproxyTrafficOptions } from "./haproxy.js";
import { createRoute53Traffic, type Route53TrafficOptions } from "./route53.js";

export type {
  ExternalDnsRoute53Options,
  ExternalDnsSideOptions,
  ExternalDnsTrafficOptions,
} from "./externaldns.js";
export type { KubeTarget } from "./externaldns-kube.js";
export type { HaproxyTrafficOptions } from "./haproxy.js";
export type { Route53SideOptions, Route53Target, Route53TrafficOptions } from "./route53.js";

export const TRAFFIC_PROVIDERS = ["route53", "haproxy", "externaldns"] as const;
export type TrafficProviderName = (typeof TRAFFIC_PROVIDERS)[number];

export interface TrafficConfig {
  provider: TrafficProviderName;
  route53?: Route53TrafficOptions;
  haproxy?: HaproxyTrafficOptions;
  externaldns?: ExternalDnsTrafficOptions;
}

/** Injected into whichever provider is built (tests, the engine's fake clock). */
export interface TrafficDependencies {
  clock?: Clock;
}

export function createTrafficProvider(
  config: TrafficConfig,
  deps: TrafficDependencies = {},
): TrafficProvider {
  const provider: string = config.provider;
  const section = <T extends TrafficDependencies>(options: T | undefined): T => {
    if (!options) {
      throw new TrafficError(
        "traffic",
        `traffic.provider is "${provider}" but traffic.${provider} is missing; add its settings`,
      );
    }
    return { ...options, clock: options.clock ?? deps.clock };
  };
  switch (provider) {
    case "route53":
      return createRoute53Traffic(section(config.route53));
    case "haproxy":
      return createHaproxyTraffic(section(config.haproxy));
    case "externaldns":
      return createExternalDnsTraffic(section(config.externaldns));
    default:
      throw new TrafficError(
        "traffic",
        `unknown traffic provider "${provider}"; known providers: ${TRAFFIC_PROVIDERS.join(", ")}`,
      );
  }
}
