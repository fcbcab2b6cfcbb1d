import type { TextBlock } from "@docworker/core";
import type { FormatParser } from "../format-parser.ts";
import { parseError } from "../parse-error.ts";
import { decodeText } from "../text/decode-text.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";

/**
 * JSON as readable text: one "path: value" line per value, so that a chunk says what each value is.
 * A top-level array (or an array under a top-level key) gives one block per element, so records
 * are not cut apart.
 */
export const parseJson: FormatParser = async ({ bytes, budget, limits }) => {
  const { text } = decodeText(bytes);
  budget.spend(text.length);
  const value = parseOrCorrupt(text, "JSON", limits.maxJsonDepth);
  return { blocks: valueToBlocks(value) };
};

/** NDJSON / JSON Lines: one block per record. */
export const parseNdjson: FormatParser = async ({ bytes, budget, limits }) => {
  const blocks: TextBlock[] = [];
  const { text: source } = decodeText(bytes);
  budget.spend(source.length);
  source.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const text = valueLines(parseOrCorrupt(line, `NDJSON line ${index + 1}`, limits.maxJsonDepth), "").join("\n");
    if (text) blocks.push({ kind: "paragraph", text });
  });
  return { blocks };
};

function parseOrCorrupt(text: string, what: string, maxDepth: number): unknown {
  // JSON.parse itself nests fine; the walk below recurses once per level.
  const depth = nestingDepth(text, maxDepth);
  if (depth > maxDepth) {
    throw parseError(
      "TOO_LARGE",
      `${what} nests more than ${maxDepth} deep; the limit is ${maxDepth} (MAX_JSON_DEPTH)`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw parseError("CORRUPT", `${what} is not valid: ${(error as Error).message}`, error);
  }
}

function valueToBlocks(value: unknown): TextBlock[] {
  const blocks: TextBlock[] = [];
  const push = (lines: string[]) => {
    if (lines.length > 0) blocks.push({ kind: "paragraph", text: lines.join("\n") });
  };
  if (Array.isArray(value) && value.some((element) => typeof element === "object" && element !== null)) {
    for (const element of value) push(valueLines(element, ""));
  } else if (isObject(value)) {
    let scalars: string[] = [];
    for (const [key, child] of Object.entries(value)) {
      if (Array.isArray(child) && child.some((element) => isObject(element) || Array.isArray(element))) {
        push(scalars);
        scalars = [];
        child.forEach((element, index) => {
          push(valueLines(element, `${key}[${index}]`));
        });
      } else {
        scalars.push(...valueLines(child, key));
      }
    }
    push(scalars);
  } else {
    push(valueLines(value, ""));
  }
  return blocks;
}

function valueLines(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((element, index) => valueLines(element, `${path}[${index}]`));
  if (isObject(value)) {
    return Object.entries(value).flatMap(([key, child]) => valueLines(child, path ? `${path}.${key}` : key));
  }
  if (value === null || value === "") return [];
  const text = normaliseInline(String(value));
  if (!text) return [];
  return [path ? `${path}: ${text}` : text];
}

/** Deepest array/object nesting, outside strings; stops counting once past `stopAbove`. */
function nestingDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
