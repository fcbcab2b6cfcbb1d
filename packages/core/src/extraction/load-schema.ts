import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { ExtractionSchema } from "../ports/extractor.ts";
import { GENERIC_DOCUMENT_SCHEMA } from "./generic-document-schema.ts";
import { ExtractionValidator } from "./schema-validator.ts";

/**
 * The extraction schema is configuration: EXTRACTION_SCHEMA_PATH names a JSON Schema file, else
 * the generic document schema is used. A file's id is its $id, or a digest of its content.
 */
export async function loadExtractionSchema(path: string | undefined): Promise<ExtractionSchema> {
  if (!path) return GENERIC_DOCUMENT_SCHEMA;
  const text = await readFile(path, "utf8");
  let schema: Record<string, unknown>;
  try {
    schema = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`invalid configuration: EXTRACTION_SCHEMA_PATH ${path} is not JSON`, { cause: error });
  }
  if (schema.type !== "object")
    throw new Error(`invalid configuration: ${path} must describe an object (type: "object")`);
  const id =
    typeof schema.$id === "string"
      ? schema.$id
      : `custom/${createHash("sha256").update(text).digest("hex").slice(0, 12)}`;
  const loaded = { id, schema };
  new ExtractionValidator().compile(loaded);
  return loaded;
}
