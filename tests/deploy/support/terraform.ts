import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "@cdktf/hcl2json";

export const ROOT = resolve(import.meta.dirname, "../../..");
export const DEPLOY = join(ROOT, "deploy");

// hcl2json's shape: every block is a list of bodies; expressions are "${...}" strings.
export type Body = Record<string, any>;

export interface Terraform {
  resource: Record<string, Record<string, Body>>;
  data: Record<string, Record<string, Body>>;
  variable: Record<string, Body>;
  output: Record<string, Body>;
  locals: Body;
  /** Raw text of every .tf file, by file name, for the assertions a parse cannot express. */
  text: Record<string, string>;
}

let cached: Promise<Terraform> | undefined;

/** Parses every deploy/*.tf file and merges them into one configuration (one body per block). */
export function loadTerraform(): Promise<Terraform> {
  cached ??= (async () => {
    const tf: Terraform = { resource: {}, data: {}, variable: {}, output: {}, locals: {}, text: {} };
    for (const file of readdirSync(DEPLOY).filter((f) => f.endsWith(".tf"))) {
      const text = readFileSync(join(DEPLOY, file), "utf8");
      tf.text[file] = text;
      const json = (await parse(file, text)) as Body;
      for (const kind of ["resource", "data"] as const) {
        for (const [type, byName] of Object.entries((json[kind] ?? {}) as Record<string, Record<string, Body[]>>)) {
          tf[kind][type] ??= {};
          for (const [name, bodies] of Object.entries(byName)) tf[kind][type][name] = bodies[0] as Body;
        }
      }
      for (const kind of ["variable", "output"] as const) {
        for (const [name, bodies] of Object.entries((json[kind] ?? {}) as Record<string, Body[]>)) {
          tf[kind][name] = bodies[0] as Body;
        }
      }
      for (const block of (json.locals ?? []) as Body[]) Object.assign(tf.locals, block);
    }
    return tf;
  })();
  return cached;
}

/** A tfvars file as plain attributes. */
export async function loadTfvars(path: string): Promise<Body> {
  return (await parse(path, readFileSync(path, "utf8"))) as Body;
}

export function resource(tf: Terraform, type: string, name: string): Body {
  const body = tf.resource[type]?.[name];
  if (!body) throw new Error(`deploy/ has no resource ${type}.${name}`);
  return body;
}

/** A nested block's first body (hcl2json nests blocks as lists). */
export function block(body: Body | undefined, name: string): Body {
  const value = body?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (!first) throw new Error(`missing block ${name}`);
  return first as Body;
}

export function blocks(body: Body | undefined, name: string): Body[] {
  const value = body?.[name];
  return Array.isArray(value) ? (value as Body[]) : value ? [value as Body] : [];
}

/** Every string inside a value, flattened (for "does this expression mention X" checks). */
export function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

export function mentions(value: unknown, needle: string): boolean {
  return strings(value).some((s) => s.includes(needle));
}

/** How hcl2json renders a reference or expression: ref("var.x") is "${var.x}". */
export function ref(expression: string): string {
  return `$${"{"}${expression}}`;
}
