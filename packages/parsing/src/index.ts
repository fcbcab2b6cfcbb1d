export { createDocumentParser } from "./create-document-parser.ts";
export { type DetectedFormat, type DocumentFormat, detectFormat } from "./detect-format.ts";
