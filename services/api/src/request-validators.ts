import { Ajv } from "ajv";
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
  return ({ schema, httpPart }) => (httpPart === "body" ? body : text).compile(schema as object);
}
