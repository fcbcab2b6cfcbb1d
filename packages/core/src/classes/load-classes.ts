import { readFile } from "node:fs/promises";
import { GENERIC_DOCUMENT_SCHEMA } from "../extraction/generic-document-schema.ts";
import { ExtractionValidator } from "../extraction/schema-validator.ts";
import type { ExtractionSchema } from "../ports/extractor.ts";
import { builtInClasses } from "./built-in-classes.ts";
import { ClassCatalog, type DocumentClass } from "./document-class.ts";

interface ClassFileEntry {
  name?: unknown;
  description?: unknown;
  schema?: unknown;
  schemaVersion?: unknown;
  keywords?: unknown;
  examples?: unknown;
}

/**
 * The classes are configuration: DOCWORKER_CLASSES_PATH names a JSON file
 * `{"classes": [{name, description, schema, schemaVersion?, keywords?, examples?}]}`; without it
 * the built-in classes are used. A file that leaves out `generic` gets the built-in one, so every
 * document has a class to fall back to. A schema's id is `{name}/{schemaVersion}` (default "v1"):
 * raise the version when the schema changes, and `POST /reprocess {schemaVersion…}` finds the
 * documents extracted under the old one.
 */
export async function loadClassCatalog(
  path: string | undefined,
  genericSchema: ExtractionSchema = GENERIC_DOCUMENT_SCHEMA,
): Promise<ClassCatalog> {
  if (!path) return new ClassCatalog(builtInClasses(genericSchema));
  const source = `DOCWORKER_CLASSES_PATH ${path}`;
  let parsed: { classes?: unknown };
  try {
    parsed = JSON.parse(await readFile(path, "utf8")) as { classes?: unknown };
  } catch (error) {
    throw new Error(`invalid configuration: ${source} is not a readable JSON file`, { cause: error });
  }
  if (!Array.isArray(parsed.classes) || parsed.classes.length === 0) {
    throw new Error(`invalid configuration: ${source} must hold {"classes": [ … ]} with at least one class`);
  }
  const validator = new ExtractionValidator();
  const classes = parsed.classes.map((entry: ClassFileEntry, i) => toClass(entry, `${source} classes[${i}]`));
  for (const cls of classes) validator.compile(cls.schema);
  if (!classes.some((c) => c.name === ClassCatalog.FALLBACK)) {
    classes.unshift(builtInClasses(genericSchema)[0] as DocumentClass);
  }
  return new ClassCatalog(classes);
}

function toClass(entry: ClassFileEntry, where: string): DocumentClass {
  if (typeof entry.name !== "string") throw new Error(`invalid configuration: ${where}.name must be a string`);
  if (typeof entry.description !== "string" || entry.description.trim() === "") {
    throw new Error(`invalid configuration: ${where}.description must be a non-empty string`);
  }
  const schema = entry.schema as Record<string, unknown> | undefined;
  if (typeof schema !== "object" || schema === null || schema.type !== "object") {
    throw new Error(`invalid configuration: ${where}.schema must be a JSON Schema of an object (type: "object")`);
  }
  const version = typeof entry.schemaVersion === "string" ? entry.schemaVersion : "v1";
  return {
    name: entry.name,
    description: entry.description,
    schema: { id: `${entry.name}/${version}`, schema },
    keywords: strings(entry.keywords, `${where}.keywords`),
    examples: strings(entry.examples, `${where}.examples`),
  };
}

function strings(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw new Error(`invalid configuration: ${where} must be a list of strings`);
  }
  return value as string[];
}
