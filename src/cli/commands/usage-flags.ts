import type { Command } from "commander";
import type { UsageOptions } from "../../app/usage.js";
import { DEFAULT_USAGE_WINDOW } from "../../core/usage/prometheus.js";
import { collect } from "../io.js";

/** Usage sources of scan and plan: who still calls the APIs, from audit logs and API server metrics. */
export type UsageFlags = UsageOptions;

export function addUsageFlags(command: Command): Command {
  return command
    .option(
      "--usage-audit-log <path>",
      "Kubernetes audit-log file or directory (JSON lines, gzip too) to find clients of removed APIs (repeatable)",
      collect,
    )
    .option(
      "--usage-prometheus <url>",
      "Prometheus that scrapes the API server: apiserver_requested_deprecated_apis and apiserver_request_total",
    )
    .option(
      "--usage-cloudwatch <cluster>",
      "EKS cluster whose audit logs (/aws/eks/<cluster>/cluster) are queried with CloudWatch Logs Insights",
    )
    .option(
      "--usage-window <duration>",
      `how far back usage is read, e.g. 24h, 7d, 2w (default: ${DEFAULT_USAGE_WINDOW})`,
    )
    .option("--region <region>", "AWS region for --usage-cloudwatch (default: the SDK's chain, AWS_REGION)")
    .option("--profile <name>", "AWS shared-config profile for --usage-cloudwatch (default: AWS_PROFILE)");
}
