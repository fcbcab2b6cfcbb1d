import { describe, expect, it } from "vitest";
import { ConfigurationError, readSettings, Setting, settingsSchema } from "../src/index.ts";

const doc = { meaning: "m", readBy: ["worker"] as const };
const schema = settingsSchema({
  COUNT: Setting.integer({ minimum: 1, maximum: 10 }, { ...doc, default: 3 }),
  SHARE: Setting.number({ exclusiveMinimum: 0, maximum: 1 }, { ...doc, default: 0.5 }),
  ENABLED: Setting.boolean({ ...doc, default: false }),
  MODE: Setting.oneOf(["fast", "slow"], { ...doc, default: "fast" }),
  LANGUAGES: Setting.list(undefined, { ...doc, default: ["eng"] }),
  FEATURES: Setting.list(["TABLES", "FORMS"], { ...doc, default: [] }),
  NAME: Setting.string({ ...doc, pattern: "^[a-z]+$" }),
  TOKEN: Setting.optional(Setting.string({ ...doc, secret: true, pattern: "^.{16,}$" })),
});

describe("readSettings", () => {
  it("takes the defaults for unset and blank variables", () => {
    expect(readSettings(schema, { NAME: "x", COUNT: "", ENABLED: "  " })).toEqual({
      COUNT: 3,
      SHARE: 0.5,
      ENABLED: false,
      MODE: "fast",
      LANGUAGES: ["eng"],
      FEATURES: [],
      NAME: "x",
    });
  });

  it("reads each kind from its text: booleans as true/1/false/0, enums in any case, lists split on + , or spaces", () => {
    const env = { NAME: "x", COUNT: " 10 ", SHARE: "1", ENABLED: "TRUE", MODE: "Slow", LANGUAGES: "eng+fra deu" };
    expect(readSettings(schema, { ...env, FEATURES: "tables,forms" })).toMatchObject({
      COUNT: 10,
      SHARE: 1,
      ENABLED: true,
      MODE: "slow",
      LANGUAGES: ["eng", "fra", "deu"],
      FEATURES: ["TABLES", "FORMS"],
    });
    expect(readSettings(schema, { NAME: "x", ENABLED: "0" }).ENABLED).toBe(false);
    expect(readSettings(schema, { NAME: "x", ENABLED: "1" }).ENABLED).toBe(true);
  });

  it.each([
    ["COUNT", "0", 'COUNT must be an integer from 1 to 10, got "0"'],
    ["COUNT", "2.5", 'COUNT must be an integer from 1 to 10, got "2.5"'],
    ["COUNT", "many", 'COUNT must be an integer from 1 to 10, got "many"'],
    ["SHARE", "0", 'SHARE must be a number above 0, at most 1, got "0"'],
    ["ENABLED", "yes", 'ENABLED must be true or false, got "yes"'],
    ["MODE", "medium", 'MODE must be one of fast, slow, got "medium"'],
    ["FEATURES", "TABLES,QUERIES", 'FEATURES must be a list of TABLES, FORMS, got "TABLES,QUERIES"'],
    ["NAME", "X1", 'NAME must be text matching ^[a-z]+$, got "X1"'],
  ])("names the variable and the values it takes: %s=%s", (name, value, message) => {
    expect(() => readSettings(schema, { NAME: "x", [name]: value })).toThrow(`invalid configuration: ${message}`);
  });

  it("reports every problem at once, a missing required variable among them, and never echoes a secret", () => {
    let error: unknown;
    try {
      readSettings(schema, { COUNT: "11", TOKEN: "short-secret" });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([
      'COUNT must be an integer from 1 to 10, got "11"',
      "NAME is required",
      "TOKEN must be text matching ^.{16,}$",
    ]);
    expect((error as Error).message).not.toContain("short-secret");
  });
});
