export { createTesseractRecognizer, type TesseractOptions } from "./tesseract-recognizer.ts";
