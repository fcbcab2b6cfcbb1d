import { createHash } from "node:crypto";
import type { ErrorObject, ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { DocworkerError } from "../domain/errors.ts";
import type { ExtractionSchema } from "../ports/extractor.ts";

// ajv-formats is CommonJS; its default export arrives wrapped under Node's ESM interop.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

export interface ValidationOutcome {
  valid: boolean;
  /** Human-readable problems, fit to send back to a model so it can correct itself. */
  errors: string[];
}

/**
 * Validates extraction output against a user-supplied JSON Schema; compiled once per schema
 * content. Not per schema id: two schemas can share an id in one process (a classes file edited
 * without raising its version, a test, the stand-in), and each must be held to its own rules.
 */
export class ExtractionValidator {
  private readonly ajv = newAjv();
  private readonly compiled = new Map<string, ValidateFunction>();
  // Hashing the schema's JSON for every validation cost more than validating a document's fields;
  // a schema object seen before is looked up by identity (schemas are configuration, never mutated).
  private readonly seen = new WeakMap<object, ValidateFunction>();

  /** Throws a configuration error for a schema that does not compile: that is the operator's fault. */
  compile(schema: ExtractionSchema): ValidateFunction {
    const known = this.seen.get(schema.schema);
    if (known) return known;
    const { $schema: _ignored, ...body } = schema.schema;
    const key = createHash("sha256").update(JSON.stringify(body)).digest("hex");
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = compileBody(this.ajv, body);
      this.compiled.set(key, validate);
    }
    this.seen.set(schema.schema, validate);
    return validate;
  }

  validate(schema: ExtractionSchema, data: unknown): ValidationOutcome {
    const validate = this.compile(schema);
    if (validate(data)) return { valid: true, errors: [] };
    return { valid: false, errors: (validate.errors ?? []).map(describeError) };
  }

  assertValid(schema: ExtractionSchema, data: unknown, extractor: string): Record<string, unknown> {
    const outcome = this.validate(schema, data);
    if (!outcome.valid) {
      throw new DocworkerError(
        "EXTRACTION_INVALID",
        `${extractor} output does not match ${schema.id}: ${outcome.errors.join("; ")}`,
      );
    }
    return data as Record<string, unknown>;
  }
}

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/**
 * Ajv keeps every schema's `$id` and refuses a second, different schema under the same one; that
 * schema gets an Ajv of its own, so its `$id` and `$ref`s resolve within itself.
 */
function compileBody(ajv: Ajv2020, body: Record<string, unknown>): ValidateFunction {
  try {
    return ajv.compile(body);
  } catch (error) {
    if (!/already exists/.test((error as Error).message)) throw error;
    return newAjv().compile(body);
  }
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || "(root)"} ${error.message ?? "is invalid"}`;
}
