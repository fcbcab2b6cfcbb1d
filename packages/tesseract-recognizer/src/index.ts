export { assertLanguageData } from "./language-data.ts";
export { createTesseractRecognizer, type TesseractOptions } from "./tesseract-recognizer.ts";
