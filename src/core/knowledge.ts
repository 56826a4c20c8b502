// The shape of the knowledge base as core/ consumes it. knowledge/ loads and validates the data files
// into exactly these shapes; core/ never reads files.

/** Which data set an entry belongs to: Kubernetes built-ins, well-known CRDs, or the user's --extra-data. */
export type ApiSet = "builtin" | "crd" | "user";

export interface ApiLifecycle {
  /** "extensions/v1beta1", or "v1" for the core group. */
  apiVersion: string;
  /** A kind, or "*" for every kind of that apiVersion. */
  kind: string;
  /** "1.N" for Kubernetes; the project's own version (e.g. "1.6") for CRD components. Null: never. */
  deprecatedIn: string | null;
  removedIn: string | null;
  /** "apps/v1", or null when there is no replacement API (e.g. PodSecurityPolicy). */
  replacement: string | null;
  replacementAvailableIn: string | null;
  /** The replacement advised at targets older than `replacementAvailableIn` (flowcontrol v1beta3 before v1). */
  fallbackReplacement?: string;
  /** CRD components: the first Kubernetes version serving the replacement; older targets get no finding. */
  replacementNeedsKubernetes?: string;
  /** Field changes and actions a migration needs, one sentence each. */
  notes: string[];
  /** "kubernetes" for built-ins; else the project (cert-manager, istio, argo-cd, …). */
  component: string;
  set: ApiSet;
  /** Where the fact came from (reference document, guide, changelog). */
  source: string;
}

/** Something that changes at a version and is not an API removal (dockershim, PSP, AL2 AMIs, …). */
export interface PlatformNote {
  id: string;
  /** The Kubernetes version at which the note starts to apply. */
  version: string;
  /** Optional last version it applies to (e.g. "install EBS CSI before 1.23" applies when crossing 1.23). */
  until?: string;
  severity: "blocker" | "warning" | "info";
  title: string;
  detail: string;
  /** What to do, one sentence. */
  action: string;
  /** "eks" when only EKS users are affected, "kubernetes" for everyone. */
  scope: "kubernetes" | "eks";
  source: string;
}

export interface EksRelease {
  version: string;
  upstreamRelease: string | null;
  eksRelease: string | null;
  endOfStandardSupport: string | null;
  endOfExtendedSupport: string | null;
  source: string;
}

export interface AddonVersion {
  /** EKS add-on name: coredns, kube-proxy, vpc-cni, aws-ebs-csi-driver. */
  addon: string;
  /** Kubernetes version → recommended add-on version (latest documented). */
  versions: Record<string, string>;
  /** Upgrade rules for this add-on (e.g. VPC CNI one minor at a time). */
  rules: string[];
  source: string;
}

export interface SkewRule {
  component: "kubelet" | "kube-proxy" | "kube-controller-manager" | "kubectl";
  /** How many minors older than the API server the component may be. */
  maxOlder: number;
  /** The narrower window for components older than `narrowerBelow` (kubelet < 1.25 → n-2). */
  narrowerBelow?: string;
  narrowerMaxOlder?: number;
  /** Whether the component may be newer than the API server. */
  mayBeNewer: boolean;
  source: string;
}

export interface KnowledgeBase {
  /** Every Kubernetes version the data covers, ascending ("1.16" … "1.36"). */
  versions: string[];
  apis: ApiLifecycle[];
  platformNotes: PlatformNote[];
  eks: EksRelease[];
  addons: AddonVersion[];
  skew: SkewRule[];
}
