export { createTextractRecognizer, type TextractClientOptions } from "./create-textract-recognizer.ts";
export { blocksToPages } from "./textract-blocks.ts";
export { loadTextractConfig, type TextractConfig } from "./textract-config.ts";
export { fromTextractError } from "./textract-errors.ts";
export { TextractRecognizer } from "./textract-recognizer.ts";
