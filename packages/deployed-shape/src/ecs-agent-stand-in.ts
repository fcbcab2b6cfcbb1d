import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProtectionChange {
  at: number;
  enabled: boolean;
  expiresInMinutes?: number;
}

export interface EcsAgentStandIn {
  /** The value ECS would inject as ECS_AGENT_URI. */
  uri: string;
  /** Every PUT of the task-protection state, in order. */
  changes: ProtectionChange[];
  /** Whether the task is protected now (an expired protection is not). */
  protectedNow(): boolean;
  stop(): Promise<void>;
}

/**
 * The ECS container agent's task scale-in protection endpoint, as documented: PUT and GET
 * `/task-protection/v1/state` with `ProtectionEnabled` and `ExpiresInMinutes` (default 120), the
 * answer `{"protection": {ProtectionEnabled, ExpirationDate, TaskArn}}`.
 */
export async function startEcsAgentStandIn(
  taskArn = "arn:aws:ecs:us-east-1:123456789012:task/emulated/0",
): Promise<EcsAgentStandIn> {
  const changes: ProtectionChange[] = [];
  let expiresAt = 0;
  const state = () => ({
    protection: {
      ProtectionEnabled: Date.now() < expiresAt,
      ...(Date.now() < expiresAt ? { ExpirationDate: new Date(expiresAt).toISOString() } : {}),
      TaskArn: taskArn,
    },
  });
  const server = createServer(async (request, response) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const json = (status: number, value: unknown) =>
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    if (!request.url?.endsWith("/task-protection/v1/state")) return json(404, { error: { Code: "NotFound" } });
    if (request.method === "GET") return json(200, state());
    if (request.method !== "PUT") return json(405, { error: { Code: "MethodNotAllowed" } });
    let input: { ProtectionEnabled?: unknown; ExpiresInMinutes?: unknown };
    try {
      input = JSON.parse(body) as typeof input;
    } catch {
      return json(400, { error: { Code: "InvalidRequest", Message: "body is not JSON" } });
    }
    if (typeof input.ProtectionEnabled !== "boolean") {
      return json(400, { error: { Code: "InvalidRequest", Message: "ProtectionEnabled is required" } });
    }
    const minutes = input.ExpiresInMinutes === undefined ? 120 : Number(input.ExpiresInMinutes);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 2880) {
      return json(400, { error: { Code: "InvalidParameterException", Message: "ExpiresInMinutes must be 1-2880" } });
    }
    changes.push({
      at: Date.now(),
      enabled: input.ProtectionEnabled,
      ...(input.ProtectionEnabled ? { expiresInMinutes: minutes } : {}),
    });
    expiresAt = input.ProtectionEnabled ? Date.now() + minutes * 60_000 : 0;
    return json(200, state());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    uri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/task`,
    changes,
    protectedNow: () => Date.now() < expiresAt,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
