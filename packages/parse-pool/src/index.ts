export { assertLanguageData } from "@docworker/tesseract-recognizer/language-data";
export { createDocumentPreparer, type DocumentPreparerPool } from "./document-preparer.ts";
export { createParsePool, type ParsePool } from "./parse-pool.ts";
export type { ParsePoolConfig } from "./parse-pool-config.ts";
