import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM interop.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

function validator(coerceTypes: false | "array") {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes, allErrors: false, strict: false });
  addFormats(ajv);
  return ajv;
}

/**
 * Query strings, path parameters and headers arrive as text, so their numbers and lists are
 * coerced ("20" is the integer 20). A JSON body is typed already: coercing it would accept
 * {"metadata": {"team": 1}} as the string "1", which the API documents as invalid.
 */
export function requestValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const body = validator(false);
  const text = validator("array");
  // Each validator is compiled on its route's first request, not when the app becomes ready: ajv
  // generates code per schema, which V8 compiles and keeps (some 3 MB of an idle API for all routes).
  return ({ schema, httpPart }) => {
    let validate: ValidateFunction | undefined;
    // Fastify reads the errors of a failed validation from the function it called.
    const check = Object.assign(
      (data: unknown) => {
        validate ??= (httpPart === "body" ? body : text).compile(schema as object);
        const valid = validate(data);
        check.errors = validate.errors;
        return valid;
      },
      { errors: null as ValidateFunction["errors"] },
    );
    return check;
  };
}
