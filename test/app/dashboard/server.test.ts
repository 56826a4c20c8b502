// --listen parsing and the loopback rule behind the no-TLS warning.
import { describe, expect, it } from "vitest";
import { isLoopback, parseListen } from "../../../src/app/dashboard/server.js";

describe("parseListen", () => {
  it.each([
    ["127.0.0.1:7420", { host: "127.0.0.1", port: 7420 }],
    ["[::1]:7420", { host: "::1", port: 7420 }],
    ["0.0.0.0:80", { host: "0.0.0.0", port: 80 }],
    [":7420", { host: "0.0.0.0", port: 7420 }],
    ["localhost:0", { host: "localhost", port: 0 }],
    ["7420", null],
    ["127.0.0.1:70000", null],
    ["127.0.0.1:", null],
    ["::1:7420", null],
  ])("%s → %j", (text, expected) => {
    expect(parseListen(text)).toEqual(expected);
  });
});

describe("isLoopback", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["::1", true],
    ["localhost", true],
    ["0.0.0.0", false],
    ["192.168.1.10", false],
    ["::", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});
