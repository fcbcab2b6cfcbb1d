import { readFileSync } from "node:fs";
import {
  DocworkerError,
  loadCoreConfig,
  type ParsedDocument,
  type ParseLimits,
  type RecognitionOptions,
} from "@docworker/core";
import { expect } from "vitest";
import { createDocumentParser } from "../../src/index.ts";

/** The defaults of packages/core's configuration. */
export const DEFAULT_LIMITS: ParseLimits = loadCoreConfig({}).limits;

const parser = createDocumentParser();

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
}

export function parse(
  bytes: Uint8Array,
  filename: string,
  options: { limits?: Partial<ParseLimits>; declaredContentType?: string; recognition?: RecognitionOptions } = {},
): Promise<ParsedDocument> {
  return parser.parse({
    bytes,
    filename,
    declaredContentType: options.declaredContentType,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    ...(options.recognition ? { recognition: options.recognition } : {}),
  });
}

export function parseFixture(name: string, options?: Parameters<typeof parse>[2]): Promise<ParsedDocument> {
  return parse(fixture(name), name, options);
}

/** Awaits a rejection and checks it is a non-retryable DocworkerError with this code. */
export async function expectParseError(promise: Promise<unknown>, code: string): Promise<DocworkerError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(DocworkerError);
  const docworkerError = error as DocworkerError;
  expect(docworkerError.code, docworkerError.message).toBe(code);
  expect(docworkerError.retryable).toBe(false);
  return docworkerError;
}

export function allText(document: ParsedDocument): string {
  return document.blocks.map((block) => block.text).join("\n");
}

/** The first block whose text contains the needle. */
export function blockWith(document: ParsedDocument, needle: string) {
  return document.blocks.find((block) => block.text.includes(needle));
}
