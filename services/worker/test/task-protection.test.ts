// The worker holds ECS task scale-in protection while it has work and releases it when idle,
// through the ECS agent's endpoint (a stand-in that speaks its documented wire format).

import { silentLogger } from "@docworker/core";
import { type EcsAgentStandIn, startEcsAgentStandIn } from "@docworker/deployed-shape/ecs-agent-stand-in";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TaskProtection } from "../src/task-protection.ts";

let agent: EcsAgentStandIn;
beforeEach(async () => {
  agent = await startEcsAgentStandIn();
});
afterEach(() => agent.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("TaskProtection", () => {
  it("protects the task from the first message until it has been idle, without a call per message", async () => {
    const protection = new TaskProtection(agent.uri, silentLogger, { expiresInMinutes: 30, releaseAfterIdleMs: 300 });
    let protectedDuringWork = false;
    const work = async () => {
      await sleep(50);
      await protection.settled();
      protectedDuringWork ||= agent.protectedNow();
    };
    await Promise.all([protection.around(work), protection.around(work)]);
    await protection.around(work); // right after: still protected, no new call
    expect(protectedDuringWork).toBe(true);
    expect(agent.changes.map((c) => c.enabled)).toEqual([true]);
    expect(agent.changes[0]?.expiresInMinutes).toBe(30);

    await sleep(600);
    await protection.settled();
    expect(agent.changes.map((c) => c.enabled)).toEqual([true, false]);
    expect(agent.protectedNow()).toBe(false);
  });

  it("releases at once on stop, and a failing agent never fails the work", async () => {
    const protection = new TaskProtection(agent.uri, silentLogger, { releaseAfterIdleMs: 60_000 });
    await protection.around(async () => {});
    await protection.release();
    expect(agent.changes.map((c) => c.enabled)).toEqual([true, false]);

    const broken = new TaskProtection("http://127.0.0.1:9/api/task", silentLogger);
    await expect(broken.around(async () => "done")).resolves.toBe("done");
    await broken.release();
  });
});
