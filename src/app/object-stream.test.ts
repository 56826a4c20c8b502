import { describe, expect, it } from "vitest";
import { defaultJobs } from "./object-stream.js";

describe("defaultJobs", () => {
  it.each([
    [1, 1],
    [2, 1],
    [4, 4],
    [16, 16],
  ])("on %i cores reads on %i threads", (cores, jobs) => {
    expect(defaultJobs(cores)).toBe(jobs);
  });
});
