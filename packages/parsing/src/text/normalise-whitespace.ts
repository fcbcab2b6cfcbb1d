// Characters that carry no text but break search and token counts: zero-width spaces and joiners,
// word joiners, stray byte order marks and soft hyphens.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// C0 controls other than tab and line breaks, DEL and the C1 controls: binary noise that leaks out
// of documents and mis-decoded text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAK = /\r\n|[\n\r\v\f\u2028\u2029]/;

/** One line of text: every run of whitespace (including no-break and ideographic spaces) becomes one space. */
export function normaliseInline(text: string): string {
  return text.replace(INVISIBLE, "").replace(CONTROL, " ").replace(/\s+/g, " ").trim();
}

/** Several lines: each line normalised, blank lines dropped, line breaks kept. */
export function normaliseLines(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(LINE_BREAK)) {
    const normalised = normaliseInline(line);
    if (normalised) lines.push(normalised);
  }
  return lines.join("\n");
}

/** Code keeps its indentation; only trailing spaces, invisible characters and outer blank lines go. */
export function normaliseCode(text: string): string {
  return text
    .replace(INVISIBLE, "")
    .replace(CONTROL, " ")
    .split(LINE_BREAK)
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
}

export function isBlank(text: string): boolean {
  return normaliseInline(text) === "";
}
