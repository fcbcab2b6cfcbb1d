import { describe, expect, it } from "vitest";
import { logFormat } from "../src/logger.ts";

describe("log format", () => {
  it("pretty-prints on a terminal and writes JSON lines otherwise", () => {
    expect(logFormat({}, true)).toBe("pretty");
    expect(logFormat({}, false)).toBe("json");
  });

  it("follows LOG_FORMAT whatever stdout is, and refuses an unknown one", () => {
    expect(logFormat({ LOG_FORMAT: "json" }, true)).toBe("json");
    expect(logFormat({ LOG_FORMAT: "Pretty" }, false)).toBe("pretty");
    expect(() => logFormat({ LOG_FORMAT: "xml" }, true)).toThrow(/LOG_FORMAT must be one of json, pretty, got "xml"/);
  });
});
