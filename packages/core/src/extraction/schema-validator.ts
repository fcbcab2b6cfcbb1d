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

/** Validates extraction output against a user-supplied JSON Schema; compiled once per schema id. */
export class ExtractionValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
  }

  /** Throws a configuration error for a schema that does not compile: that is the operator's fault. */
  compile(schema: ExtractionSchema): ValidateFunction {
    let validate = this.compiled.get(schema.id);
    if (!validate) {
      const { $schema: _ignored, ...body } = schema.schema;
      validate = this.ajv.compile(body);
      this.compiled.set(schema.id, validate);
    }
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

function describeError(error: ErrorObject): string {
  return `${error.instancePath || "(root)"} ${error.message ?? "is invalid"}`;
}
