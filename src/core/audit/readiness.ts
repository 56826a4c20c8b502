// The seed's "what needs to be true first", one readiness check per concept: can green be rebuilt from
// code, and what has to be fixed, moved or changed before it is. Pure: objects in, checks out.
import type { KubeObject, SourcedObject } from "../types.js";
import { type RemovedApiUse, upgradeBlockersCheck } from "./readiness-blockers.js";
import { catalogMatcher, type PlatformCatalog } from "./readiness-catalog.js";
import { clusterValuesCheck } from "./readiness-cluster-values.js";
import { componentsCheck, detectPlatform } from "./readiness-components.js";
import { readDnsFacts } from "./readiness-dns.js";
import { gitopsCoverageCheck } from "./readiness-gitops.js";
import { buildIndex } from "./readiness-index.js";
import { ingressDnsCheck } from "./readiness-ingress.js";
import { observabilityCheck } from "./readiness-observability.js";
import { externalSecretsCheck } from "./readiness-secrets.js";
import { stateCheck } from "./readiness-state.js";
import { readVolumes } from "./readiness-volumes.js";
import {
  type DriftFinding,
  type Manager,
  READINESS_CHECKS,
  type ReadinessCheck,
  type ReadinessCheckId,
} from "./types.js";

export type { PlatformCatalog } from "./readiness-catalog.js";

export interface ReadinessInput {
  /** Which GitOps or release tool owns an object (the drift rules' answer). */
  managerOf: (object: KubeObject) => Manager;
  /** The drift findings: out-of-band changes and unmanaged objects weigh on GitOps coverage. */
  drift: readonly DriftFinding[];
  /** Objects using APIs removed at the target version (from scan). */
  removedApis: RemovedApiUse[];
  targetVersion: string | null;
  /** Blue's cluster name: ConfigMaps, args and env mentioning it are cluster-specific values. */
  clusterName?: string;
}

/** One check per READINESS_CHECKS id, in that order. */
export function assessReadiness(
  objects: readonly SourcedObject[],
  input: ReadinessInput,
  catalog: PlatformCatalog,
): ReadinessCheck[] {
  const index = buildIndex(objects);
  const platform = detectPlatform(index, catalogMatcher(catalog));
  const dns = readDnsFacts(index, platform);
  const storage = readVolumes(index);
  const checks: Record<ReadinessCheckId, ReadinessCheck> = {
    "gitops-coverage": gitopsCoverageCheck(index, input.managerOf, input.drift),
    "external-secrets": externalSecretsCheck(index, input.managerOf),
    "ingress-dns": ingressDnsCheck(index, platform, dns),
    observability: observabilityCheck(platform),
    state: stateCheck(index, platform, storage),
    "cluster-specific-values": clusterValuesCheck(index, dns, storage, input.clusterName),
    "platform-components": componentsCheck(platform),
    "upgrade-blockers": upgradeBlockersCheck(index, input.removedApis, input.targetVersion),
  };
  return READINESS_CHECKS.map((id) => checks[id]);
}
