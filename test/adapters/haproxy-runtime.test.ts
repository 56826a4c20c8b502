// The Runtime API client without haproxy: address parsing, answer parsing (literal HAProxy 2.6 output)
// and the socket-level failures (timeout, refused connection) against servers on 127.0.0.1.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  answerMessages,
  isDown,
  isDraining,
  isInMaintenance,
  parseBackendAlgorithm,
  parseRuntimeAddress,
  parseServersState,
  runtimeCommand,
} from "../../src/adapters/haproxy-runtime.js";

// `show servers state be` from HAProxy 2.6.12 with green in MAINT (admin state 1, op state 0).
const STATE = `1
# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
3 be 1 blue 127.0.0.1 2 0 30 100 1 1 0 2 0 0 0 0 - 28081 - 0 0 - - 0
3 be 2 green 127.0.0.1 0 1 70 0 0 1 0 0 0 0 0 0 - 28082 - 0 0 - - 0

`;

describe("parseRuntimeAddress", () => {
  it.each([
    ["unix:/run/haproxy/admin.sock", { kind: "unix", path: "/run/haproxy/admin.sock" }],
    ["/run/haproxy/admin.sock", { kind: "unix", path: "/run/haproxy/admin.sock" }],
    ["127.0.0.1:9999", { kind: "tcp", host: "127.0.0.1", port: 9999 }],
    ["[::1]:9999", { kind: "tcp", host: "::1", port: 9999 }],
  ])("%s", (address, expected) => {
    expect(parseRuntimeAddress(address)).toEqual(expected);
  });

  it.each(["localhost", "127.0.0.1:0", "127.0.0.1:70000", ":80"])("rejects %s", (address) => {
    expect(() => parseRuntimeAddress(address)).toThrow(/expected unix:\/path\/to\/admin.sock or host:port/);
  });
});

describe("answers", () => {
  it("parses show servers state by its header", () => {
    const [blue, green] = parseServersState(STATE);
    if (!blue || !green) throw new Error("expected two servers");
    expect(blue).toMatchObject({ backendName: "be", serverName: "blue", userWeight: 30, initialWeight: 100 });
    expect(blue.fields.srv_port).toBe("28081");
    expect(green).toMatchObject({ serverName: "green", operationalState: 0, adminState: 1, userWeight: 70 });
    expect([isInMaintenance(green), isDown(green), isDraining(green)]).toEqual([true, true, false]);
    expect([isInMaintenance(blue), isDown(blue)]).toEqual([false, false]);
  });

  it("rejects an error answer with HAProxy's message", () => {
    expect(() => parseServersState("Can't find backend.\n\n")).toThrow(
      /unexpected answer.*Can't find backend\./,
    );
  });

  it.each([
    ["\n\n", []],
    ["\nNo such server.\n\n", ["No such server."]],
    [
      "Absolute weight can only be between 0 and 256 inclusive.\n\n",
      ["Absolute weight can only be between 0 and 256 inclusive."],
    ],
  ])("answerMessages(%j)", (answer, messages) => {
    expect(answerMessages(answer)).toEqual(messages);
  });

  it("finds the backend's balance algorithm in show stat CSV", () => {
    const csv = "# pxname,svname,weight,algo,\nbe,blue,30,,\nbe,BACKEND,100,static-rr,\n\n";
    expect(parseBackendAlgorithm(csv)).toBe("static-rr");
    expect(parseBackendAlgorithm("No such proxy.\n\n")).toBeUndefined();
  });
});

describe("runtimeCommand", () => {
  const servers: net.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  const listen = async (onConnection: (socket: net.Socket) => void) => {
    const server = net.createServer(onConnection);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  };

  it("sends one line and returns the answer up to the close", async () => {
    const address = await listen((socket) =>
      socket.once("data", (line) => socket.end(`echo:${String(line)}`)),
    );
    expect(await runtimeCommand(address, "show info")).toBe("echo:show info\n");
  });

  it("times out when nothing answers", async () => {
    const sockets: net.Socket[] = [];
    const address = await listen((socket) => sockets.push(socket));
    await expect(runtimeCommand(address, "show info", 100)).rejects.toThrow(
      `HAProxy Runtime API at ${address} did not answer "show info" within 100 ms`,
    );
    for (const socket of sockets) socket.destroy();
  });

  it("names the address and the cause when the connection is refused", async () => {
    const address = await listen(() => {});
    await new Promise((resolve) => servers.pop()?.close(resolve));
    await expect(runtimeCommand(address, "show info")).rejects.toThrow(
      `cannot connect to HAProxy Runtime API at ${address}: ECONNREFUSED`,
    );
  });

  it("refuses multi-line commands", async () => {
    await expect(runtimeCommand("127.0.0.1:1", "show info\nshutdown")).rejects.toThrow(/single line/);
  });
});
