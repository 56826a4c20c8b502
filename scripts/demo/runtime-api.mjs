// A minimal HAProxy Runtime API client for the stage (the engine uses its own haproxy traffic provider):
// one connection per command line, non-interactive mode, over the unix socket.
import net from "node:net";
import { HAPROXY_BACKEND } from "./stack-config.mjs";

/** Sends one command line (several commands may be joined with ";") and resolves to the reply text. */
export function haproxyCommand(socketPath, command) {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ path: socketPath });
    let reply = "";
    socket.setTimeout(5_000, () => socket.destroy(new Error(`no reply within 5 s to "${command}"`)));
    socket.on("connect", () => socket.write(`${command}\n`));
    socket.on("data", (chunk) => {
      reply += chunk;
    });
    socket.on("end", () => resolve(reply));
    socket.on("error", (error) =>
      reject(new Error(`HAProxy Runtime API at ${socketPath}: ${error.message} (is the stage running?)`)),
    );
  });
}

/**
 * Reads the user weights of blue and green from `show servers state <backend>`.
 * Row columns (1-based): 4 = srv_name, 6 = srv_op_state (2 = running), 8 = srv_uweight.
 */
export async function readServerStates(socketPath) {
  const text = await haproxyCommand(socketPath, `show servers state ${HAPROXY_BACKEND}`);
  const servers = {};
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 9 || fields[0]?.startsWith("#") || fields[1] !== HAPROXY_BACKEND) continue;
    servers[fields[3]] = { weight: Number(fields[7]), up: fields[5] === "2" };
  }
  if (!servers.blue || !servers.green) {
    throw new Error(`HAProxy backend ${HAPROXY_BACKEND} lacks server blue or green; got: ${text.trim()}`);
  }
  return servers;
}

/** Weights as percentages to each side (HAProxy weights are relative; blue+green 0 means no traffic). */
export async function readWeights(socketPath) {
  const servers = await readServerStates(socketPath);
  return { blue: servers.blue.weight, green: servers.green.weight };
}

/** Sets both weights on one command line; the side that grows is set first so both are never 0. */
export async function setWeights(socketPath, { blue, green }) {
  const current = await readWeights(socketPath);
  const setBlue = `set weight ${HAPROXY_BACKEND}/blue ${blue}`;
  const setGreen = `set weight ${HAPROXY_BACKEND}/green ${green}`;
  const line = green >= current.green ? `${setGreen}; ${setBlue}` : `${setBlue}; ${setGreen}`;
  const reply = (await haproxyCommand(socketPath, line)).trim();
  if (reply !== "") throw new Error(`HAProxy refused "${line}": ${reply}`);
}
