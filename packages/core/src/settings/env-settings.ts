import { type Static, type TObject, type TProperties, type TSchema, Type } from "typebox";
// The schema checker alone: typebox/value (which Value.Check only forwards to it) is some 140
// modules more, loaded by every process that reads its settings.
import { Check } from "typebox/schema";

/** The environment a configuration is read from (process.env, or a test's own). */
export type Env = Record<string, string | undefined>;

/** The services that read a variable: README's table says so for each. */
export type SettingReader = "api" | "worker";

/**
 * What README's table says of a variable, kept on the variable's own schema so the table and
 * the code cannot drift. `defaultText` stands in for a default the loader computes (it depends
 * on other settings or on the machine), or reads better than the raw number.
 */
export interface SettingDoc {
  meaning: string;
  readBy: readonly SettingReader[];
  defaultText?: string;
  /** Never echoed in an error message. */
  secret?: boolean;
}

type Options<T> = SettingDoc & { default?: T };

function options<T>({ meaning, ...rest }: Options<T>): Record<string, unknown> {
  return { description: meaning, ...rest };
}

/**
 * The one place each kind of setting is declared. A schema's key is the variable's name, its
 * `default` the value an unset or blank variable takes; without one the setting is optional
 * (wrap it in Type.Optional) or required.
 */
export const Setting = {
  integer: (range: { minimum: number; maximum?: number }, doc: Options<number>) =>
    Type.Integer({ ...range, ...options(doc) }),
  number: (range: { minimum?: number; exclusiveMinimum?: number; maximum?: number }, doc: Options<number>) =>
    Type.Number({ ...range, ...options(doc) }),
  boolean: (doc: Options<boolean>) => Type.Boolean(options(doc)),
  oneOf: <const V extends string[]>(values: readonly [...V], doc: Options<V[number]>) =>
    Type.Enum<V>(values, options(doc)),
  string: (doc: Options<string> & { pattern?: string }) => Type.String({ minLength: 1, ...options(doc) }),
  /** Items separated by `+`, `,` or white space. */
  list: <const V extends string[]>(values: readonly [...V] | undefined, doc: Options<string[]>) =>
    Type.Array(values ? Type.Enum(values) : Type.String({ minLength: 1 }), options(doc)),
  /** A setting without a default that may stay unset. */
  optional: <S extends TSchema>(setting: S) => Type.Optional(setting),
};

/** A concern's settings, keyed by variable name. */
export function settingsSchema<P extends TProperties>(properties: P): TObject<P> {
  return Type.Object(properties);
}

export class ConfigurationError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigurationError";
    this.problems = problems;
  }
}

/**
 * Reads the variables a schema names: each converted from its text by its kind, checked against
 * its schema, and reported by name when it fails (every failure at once).
 */
export function readSettings<P extends TProperties>(schema: TObject<P>, env: Env): Static<TObject<P>> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, property] of Object.entries(schema.properties) as [string, TSchema & SettingSchema][]) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") {
      if (property.default !== undefined) values[name] = structuredClone(property.default);
      else if (!Type.IsOptional(property)) problems.push(`${name} is required`);
      continue;
    }
    const value = fromText(property, raw);
    if (value !== undefined && Check(property, value)) values[name] = value;
    else problems.push(`${name} must be ${expectation(property)}${property.secret ? "" : `, got "${raw}"`}`);
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return values as Static<TObject<P>>;
}

interface SettingSchema {
  default?: unknown;
  secret?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  enum?: string[];
  pattern?: string;
  items?: TSchema & SettingSchema;
}

function fromText(schema: TSchema & SettingSchema, raw: string): unknown {
  if (Type.IsInteger(schema) || Type.IsNumber(schema)) {
    const value = Number(raw);
    return Number.isNaN(value) ? undefined : value;
  }
  if (Type.IsBoolean(schema)) return parseBoolean(raw);
  if (Type.IsEnum(schema)) return schema.enum?.find((value) => value.toLowerCase() === raw.toLowerCase());
  if (Type.IsArray(schema)) {
    const items = raw.split(/[+,\s]+/).filter(Boolean);
    const item = schema.items as TSchema & SettingSchema;
    const values = items.map((text) => fromText(item, text));
    return values.includes(undefined) ? undefined : values;
  }
  return raw;
}

/** true or 1, false or 0, in any case. */
export function parseBoolean(raw: string): boolean | undefined {
  const text = raw.trim().toLowerCase();
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  return undefined;
}

/** What a valid value looks like, in the words of an error message. */
export function expectation(schema: TSchema & SettingSchema): string {
  if (Type.IsInteger(schema) || Type.IsNumber(schema)) {
    const kind = Type.IsInteger(schema) ? "an integer" : "a number";
    const { minimum: min, exclusiveMinimum: above, maximum: max } = schema as SettingSchema;
    if (above !== undefined)
      return max === undefined ? `${kind} above ${above}` : `${kind} above ${above}, at most ${max}`;
    if (min !== undefined) return max === undefined ? `${kind} of at least ${min}` : `${kind} from ${min} to ${max}`;
    return max === undefined ? kind : `${kind} of at most ${max}`;
  }
  if (Type.IsBoolean(schema)) return "true or false";
  if (Type.IsEnum(schema)) return `one of ${schema.enum?.join(", ")}`;
  if (Type.IsArray(schema)) {
    const item = schema.items as TSchema & SettingSchema;
    return Type.IsEnum(item) ? `a list of ${item.enum?.join(", ")}` : "a list";
  }
  return schema.pattern ? `text matching ${schema.pattern}` : "text";
}
