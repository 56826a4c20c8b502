// A first, transparent strategy hint: in-place or blue-green. The audit command refines it.
//
// Rules (each that holds adds a reason and makes the hint "blue-green"; none → "in-place"):
//   1. the path has 3 or more control-plane hops;
//   2. objects in the given sources use an API that is removed on the path (or already removed);
//   3. the starting version is past the end of EKS extended support, or its extended support ends
//      within 30 days (EKS then auto-upgrades the control plane on its own schedule).

import type { StrategyHint, SupportWindow } from "./types.js";

/** Hops at which rebuilding on a new cluster is worth considering. */
const HOPS_FOR_BLUE_GREEN = 3;
/** Days of extended support left under which an automatic control-plane upgrade is a real risk. */
const AUTO_UPGRADE_RISK_DAYS = 30;

export interface HintInput {
  hops: number;
  removedApisInUse: number;
  /** False when no sources were given, so removed APIs were not looked for. */
  sourcesChecked: boolean;
  fromSupport: SupportWindow;
}

export function strategyHint(input: HintInput): StrategyHint {
  const reasons = [
    hopsReason(input.hops),
    removedReason(input.removedApisInUse),
    supportReason(input.fromSupport),
  ];
  const blueGreen = reasons.filter((reason): reason is string => reason !== undefined);
  if (blueGreen.length > 0) return { strategy: "blue-green", reasons: blueGreen };
  return { strategy: "in-place", reasons: inPlaceReasons(input) };
}

function hopsReason(hops: number): string | undefined {
  if (hops < HOPS_FOR_BLUE_GREEN) return undefined;
  return `${hops} control-plane hops (${HOPS_FOR_BLUE_GREEN} or more): one new cluster at the target may be faster and safer than ${hops} in-place upgrades`;
}

function removedReason(count: number): string | undefined {
  if (count === 0) return undefined;
  const objects = count === 1 ? "1 object uses" : `${count} objects use`;
  return `${objects} removed APIs: fix the manifests anyway; a new cluster lets you test them before traffic moves`;
}

function supportReason(support: SupportWindow): string | undefined {
  const end = support.endOfExtendedSupport;
  if (support.status === "past-end") {
    return `${support.version} is past the end of EKS extended support (${end}): EKS may auto-upgrade the control plane at any time`;
  }
  if (
    support.status === "extended" &&
    support.daysLeft !== null &&
    support.daysLeft <= AUTO_UPGRADE_RISK_DAYS
  ) {
    return `EKS extended support of ${support.version} ends in ${support.daysLeft} days (${end}): EKS then auto-upgrades the control plane`;
  }
  return undefined;
}

function inPlaceReasons(input: HintInput): string[] {
  const hops = input.hops === 1 ? "1 control-plane hop" : `${input.hops} control-plane hops`;
  return [
    `${hops} (fewer than ${HOPS_FOR_BLUE_GREEN})`,
    input.sourcesChecked
      ? "no removed APIs found in the given sources"
      : "no sources given: removed APIs were not checked",
    `${input.fromSupport.version} support: ${input.fromSupport.status}`,
  ];
}
