// HAProxy traffic provider: two servers of one backend, their weights changed through the Runtime API.
//
// Weights: HAProxy accepts 0–256 per server and balances by ratio. A percentage p becomes
// round(p × maxWeight / 100) (maxWeight default 100, so HAProxy shows the percentages themselves);
// green takes the remainder so the pair always sums to maxWeight. Reading back divides again.
// A weight of 0 receives no new requests; both at 0 means HAProxy answers 503, which readWeights reports.
//
// Atomicity: both `set server` commands go in one Runtime API request, the side that gains weight first,
// so the pair never passes through 0/0. HAProxy applies each immediately; between the two, a request may
// be balanced with one new and one old weight (microseconds). Both servers are checked to exist just
// before, so one command cannot succeed while the other fails on a missing server.
//
// Restarts: runtime weights are lost on restart unless the server-state file is written (`stateFile`,
// the `server-state-file` of the config, loaded with `load-server-state-from-file global`). HAProxy
// only restores a server's saved weight while its configured weight is unchanged.
import { constants } from "node:fs";
import { access, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Clock } from "../ports/clock.js";
import {
  type PreflightIssue,
  type Side,
  TrafficError,
  type TrafficProvider,
  type Weights,
} from "../ports/traffic.js";
import {
  answerMessages,
  isDown,
  isDraining,
  isInMaintenance,
  parseBackendAlgorithm,
  parseServersState,
  RuntimeApiError,
  runtimeCommand,
  type ServerState,
} from "./haproxy-runtime.js";
import { pollUntil, systemClock } from "./traffic-clock.js";
import {
  assertWeights,
  formatWeights,
  gainingSideFirst,
  percentagesOf,
  sameWeights,
  scaleWeights,
} from "./traffic-weights.js";

export interface HaproxyTrafficOptions {
  /** `unix:/path/admin.sock` or `127.0.0.1:9999`: a `stats socket … level admin` of the running haproxy. */
  runtimeApi: string;
  backend: string;
  blueServer: string;
  greenServer: string;
  /** The config's `server-state-file`: rewritten after every change so a reload keeps the weights. */
  stateFile?: string;
  /** HAProxy weight for 100 % (100–256, default 100). */
  maxWeight?: number;
  /** Per Runtime API request (default 5000 ms). */
  commandTimeoutMs?: number;
  /** How long waitEffective reads back before giving up (default 5000 ms). */
  waitTimeoutMs?: number;
  clock?: Clock;
}

const PROVIDER = "haproxy";
/** Algorithms whose weights cannot change at run time (HAProxy refuses anything but 0 % and 100 %). */
const STATIC_ALGORITHMS = ["static-rr"];

export function createHaproxyTraffic(options: HaproxyTrafficOptions): TrafficProvider {
  const maxWeight = options.maxWeight ?? 100;
  const clock = options.clock ?? systemClock;
  const { backend, runtimeApi } = options;
  const serverOf = (side: Side) => (side === "blue" ? options.blueServer : options.greenServer);
  const command = (line: string) => runtimeCommand(runtimeApi, line, options.commandTimeoutMs);

  // From 100 up, every percentage survives percent → weight → percent unchanged; HAProxy stops at 256.
  if (!Number.isInteger(maxWeight) || maxWeight < 100 || maxWeight > 256) {
    throw new TrafficError(
      PROVIDER,
      `maxWeight ${maxWeight} is out of range: use 100–256 (HAProxy weights stop at 256; below 100 percentages would not read back exactly)`,
    );
  }

  async function readServers(): Promise<Record<Side, ServerState>> {
    const answer = await call(() => command(`show servers state ${backend}`));
    if (/can't find backend/i.test(answer)) {
      throw new TrafficError(
        PROVIDER,
        `backend "${backend}" does not exist in the haproxy at ${runtimeApi}; check the backend name in the spec and haproxy.cfg`,
      );
    }
    const servers = parseServersState(answer);
    const find = (side: Side) => {
      const found = servers.find((s) => s.serverName === serverOf(side));
      if (found) return found;
      const known = servers.map((s) => s.serverName).join(", ") || "none";
      throw new TrafficError(
        PROVIDER,
        `server "${serverOf(side)}" (${side}) is not in backend "${backend}" (servers: ${known}); fix the server name`,
      );
    };
    return { blue: find("blue"), green: find("green") };
  }

  const rawWeights = (servers: Record<Side, ServerState>): Weights => ({
    blue: servers.blue.userWeight,
    green: servers.green.userWeight,
  });

  async function readWeights(): Promise<Weights> {
    const raw = rawWeights(await readServers());
    const weights = percentagesOf(raw);
    if (!weights) {
      throw new TrafficError(
        PROVIDER,
        `both ${backend}/${options.blueServer} and ${backend}/${options.greenServer} have weight 0: HAProxy answers 503 to every request; set the weights (e.g. roll back to blue 100)`,
      );
    }
    return weights;
  }

  async function setWeights(weights: Weights): Promise<undefined> {
    assertWeights(PROVIDER, weights);
    const target = scaleWeights(weights, maxWeight);
    const current = rawWeights(await readServers());
    if (!sameWeights(current, target)) {
      const line = gainingSideFirst(current, target)
        .map((side) => `set server ${backend}/${serverOf(side)} weight ${target[side]}`)
        .join("; ");
      const problems = answerMessages(await call(() => command(line)));
      if (problems.length > 0) {
        const now = await readWeights().then(formatWeights, () => "unknown");
        throw new TrafficError(
          PROVIDER,
          `"${line}" was refused: ${problems.join("; ")} (now in effect: ${now})`,
        );
      }
    }
    if (options.stateFile) await saveState(options.stateFile);
  }

  /** Writes `show servers state` to the state file through a temporary file, so a reload never reads half of it. */
  async function saveState(file: string): Promise<void> {
    const answer = await call(() => command("show servers state"));
    parseServersState(answer);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, answer);
      await rename(temporary, file);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new TrafficError(
        PROVIDER,
        `weights set, but the server-state file ${file} could not be written (${reason}): a reload would restore the configured weights; make its directory writable`,
      );
    }
  }

  async function preflight(): Promise<PreflightIssue[]> {
    const issues: PreflightIssue[] = [];
    const issue = (message: string, fix: string) => issues.push({ provider: PROVIDER, message, fix });
    let servers: Record<Side, ServerState>;
    try {
      servers = await readServers();
    } catch (error) {
      issue((error as Error).message, "start haproxy or correct runtimeApi/backend/servers in the spec");
      return issues;
    }
    for (const side of ["blue", "green"] as const) {
      const server = servers[side];
      const name = `${backend}/${server.serverName} (${side})`;
      if (isInMaintenance(server))
        issue(`${name} is in MAINT`, `run "set server ${backend}/${server.serverName} state ready"`);
      else if (isDraining(server))
        issue(`${name} is in DRAIN`, `run "set server ${backend}/${server.serverName} state ready"`);
      else if (isDown(server))
        issue(`${name} is DOWN (its health checks fail)`, `make ${server.address} healthy`);
    }
    if (!percentagesOf(rawWeights(servers))) {
      issue(
        `both servers of ${backend} have weight 0 (every request gets 503)`,
        "set blue to 100 before migrating",
      );
    }
    const algorithm = parseBackendAlgorithm(await call(() => command(`show stat ${backend} 2 -1`)));
    if (algorithm && STATIC_ALGORITHMS.includes(algorithm)) {
      issue(
        `backend ${backend} uses "balance ${algorithm}", whose weights cannot change at run time`,
        `use "balance roundrobin" or "balance leastconn"`,
      );
    }
    if (options.stateFile) await checkWritable(options.stateFile, issue);
    return issues;
  }

  async function waitEffective(weights: Weights, signal?: AbortSignal): Promise<{ effectiveAt: number }> {
    assertWeights(PROVIDER, weights);
    // HAProxy applies a weight on the next request: reading it back is the confirmation.
    await pollUntil(
      {
        provider: PROVIDER,
        clock,
        intervalMs: 50,
        timeoutMs: options.waitTimeoutMs ?? 5000,
        signal,
        what: `waiting for ${formatWeights(weights)} in ${backend}`,
      },
      async () => {
        const now = await readWeights();
        return sameWeights(now, weights) ? { done: true } : { lastState: formatWeights(now) };
      },
    );
    return { effectiveAt: clock.now() };
  }

  return {
    name: PROVIDER,
    describe: () =>
      `haproxy backend ${backend}, servers ${options.blueServer} (blue) and ${options.greenServer} (green), via ${runtimeApi}, weights out of ${maxWeight}`,
    preflight,
    readWeights,
    setWeights,
    waitEffective,
  };
}

/** Runtime API failures (unreachable socket, timeout) become TrafficErrors; others pass through. */
async function call(request: () => Promise<string>): Promise<string> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof RuntimeApiError) throw new TrafficError(PROVIDER, error.message);
    throw error;
  }
}

async function checkWritable(file: string, issue: (message: string, fix: string) => void): Promise<void> {
  const directory = path.dirname(file);
  try {
    await access(directory, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    issue(
      `the server-state file's directory ${directory} is not writable (${reason})`,
      `create it or fix its permissions, or drop stateFile`,
    );
  }
}
