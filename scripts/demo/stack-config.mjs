// Config files for the demo stage, written fresh for every run with the ports picked at start.
// Everything listens on 127.0.0.1 only.

/** HAProxy backend and server names the specs and the traffic provider refer to. */
export const HAPROXY_BACKEND = "app";
export const SIDES = ["blue", "green"];

/**
 * haproxy.cfg: the app frontend, a weighted backend `app` (blue 100 / green 0 at start), the Prometheus
 * exporter, and an admin-level Runtime API socket. `load-server-state-from-file` restores the weights saved
 * with `show servers state` after a reload; a missing state file is only a warning.
 */
export function haproxyConfig({ ports, socketPath, stateFile }) {
  return `# Written by scripts/demo/stack.mjs for one demo run. Do not edit: it is rewritten on every start.
global
    log stdout format raw local0 notice
    stats socket "${socketPath}" mode 660 level admin
    stats timeout 30s
    server-state-file "${stateFile}"
    nbthread 2

defaults
    mode http
    log global
    option httplog
    option dontlognull
    option redispatch
    retries 3
    timeout connect 2s
    timeout client  30s
    timeout server  30s
    timeout http-keep-alive 10s
    load-server-state-from-file global

frontend fe_app
    bind 127.0.0.1:${ports.frontend}
    default_backend ${HAPROXY_BACKEND}

frontend fe_stats
    bind 127.0.0.1:${ports.haproxyMetrics}
    http-request use-service prometheus-exporter if { path /metrics }
    stats enable
    stats uri /stats

# roundrobin: runtime weight changes apply to the next request (static-rr would ignore them).
backend ${HAPROXY_BACKEND}
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    default-server inter 1s fall 2 rise 2 check
    server blue  127.0.0.1:${ports.blue} weight 100
    server green 127.0.0.1:${ports.green} weight 0
`;
}

/** How often Prometheus scrapes HAProxy and the backends: one term of the detection target. */
export const SCRAPE_INTERVAL_MS = 1_000;

/**
 * prometheus.yml: scrapes the HAProxy exporter and both backends every second. Every series about one side
 * carries `cluster="blue"|"green"`: the backends through target labels, HAProxy's per-server series by
 * copying their `server` label, so one PromQL template with `{{cluster}}` serves both sides.
 */
export function prometheusConfig({ ports }) {
  return `# Written by scripts/demo/stack.mjs for one demo run.
global:
  scrape_interval: ${SCRAPE_INTERVAL_MS}ms
  scrape_timeout: ${Math.round(SCRAPE_INTERVAL_MS * 0.9)}ms
  evaluation_interval: ${SCRAPE_INTERVAL_MS}ms
scrape_configs:
  - job_name: haproxy
    static_configs:
      - targets: ["127.0.0.1:${ports.haproxyMetrics}"]
    metric_relabel_configs:
      - source_labels: [server]
        regex: (blue|green)
        target_label: cluster
  - job_name: app
    static_configs:
      - targets: ["127.0.0.1:${ports.blue}"]
        labels: { cluster: blue }
      - targets: ["127.0.0.1:${ports.green}"]
        labels: { cluster: green }
`;
}

/**
 * Green's (or blue's) share of 5xx answers as HAProxy saw them, over a 5 s window: with a 1 s scrape it
 * moves within one scrape of a fault. `{{cluster}}` is filled per side. A side without traffic reads NaN
 * (0/0), which the engine counts as no data, never as a pass. The demo specs (specs/*.yaml) use this query.
 */
export const ERROR_RATE_QUERY =
  `sum(rate(haproxy_server_http_responses_total{proxy="${HAPROXY_BACKEND}",cluster="{{cluster}}",code="5xx"}[5s]))` +
  ` / sum(rate(haproxy_server_http_responses_total{proxy="${HAPROXY_BACKEND}",cluster="{{cluster}}"}[5s]))`;

/** The error-rate gate's absolute limit in the demo specs: above 5 % 5xx the step fails. */
export const ERROR_RATE_MAX = 0.05;

/** Fills `{{cluster}}` in a query template for one side. */
export function forSide(template, side) {
  return template.replaceAll("{{cluster}}", side);
}
