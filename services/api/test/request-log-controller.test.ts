import type { FastifyReply, FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import { RequestLogController } from "../src/plugins/request-log-controller.ts";

// The lines Fastify writes only from its own default handlers (the API replaces them, so an
// end-to-end run never reaches these): they must keep to the path too.
function fakes(url: string) {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const log = Object.fromEntries(
    ["info", "warn", "error", "debug"].map((level) => [
      level,
      (fields: Record<string, unknown>, message: string) => lines.push({ level, fields, message }),
    ]),
  );
  const request = { method: "PUT", url, raw: { url }, log } as unknown as FastifyRequest;
  const reply = { statusCode: 500, elapsedTime: 3, log } as unknown as FastifyReply;
  return { request, reply, lines };
}

describe("the request log controller", () => {
  const url = "/uploads/raw-input/a.txt?X-Docworker-Signature=abc123secret";

  it("writes the path without the query on every line Fastify's default handlers would write", () => {
    const controller = new RequestLogController();
    const { request, reply, lines } = fakes(url);
    controller.defaultErrorLog(new Error("boom"), request, reply);
    controller.routeNotFound(request);
    controller.writeHeadError(new Error("late"), request, reply);
    expect(lines.map((line) => line.level)).toEqual(["error", "info", "warn"]);
    for (const line of lines) {
      expect(line.fields).toMatchObject({ method: "PUT", path: "/uploads/raw-input/a.txt" });
      expect(JSON.stringify(line)).not.toContain("abc123secret");
    }
  });
});
