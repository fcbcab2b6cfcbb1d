import chardet from "chardet";
import iconv from "iconv-lite";

export interface DecodedText {
  text: string;
  /** The encoding the bytes were read as, e.g. "utf-8", "utf-16le", "windows-1252". */
  encoding: string;
}

const BYTE_ORDER_MARKS: ReadonlyArray<{ bytes: number[]; encoding: string }> = [
  // UTF-32 first: its little-endian mark starts with the UTF-16LE one.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: "utf-32le" },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: "utf-32be" },
  { bytes: [0xef, 0xbb, 0xbf], encoding: "utf-8" },
  { bytes: [0xff, 0xfe], encoding: "utf-16le" },
  { bytes: [0xfe, 0xff], encoding: "utf-16be" },
];

// As the WHATWG Encoding Standard does, read Latin-1 and ASCII labels as windows-1252: documents
// that say "iso-8859-1" routinely contain cp1252's curly quotes and euro sign in 0x80-0x9F.
const WINDOWS_1252_ALIASES = new Set(["iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"]);
const SAMPLE_BYTES = 64 * 1024;

/**
 * Decodes text in any common encoding. Order of trust: a byte order mark, then the charset the
 * document itself declares (HTML meta, MIME header), then valid UTF-8, then chardet's guess.
 */
export function decodeText(bytes: Uint8Array, declaredCharset?: string): DecodedText {
  const bom = BYTE_ORDER_MARKS.find((mark) => mark.bytes.every((byte, index) => bytes[index] === byte));
  if (bom) return decodeAs(bytes.subarray(bom.bytes.length), bom.encoding);

  const declared = declaredCharset ? canonicalEncoding(declaredCharset) : undefined;
  if (declared) return decodeAs(bytes, declared);

  const wide = guessBomlessUtf16Or32(bytes);
  if (wide) return decodeAs(bytes, wide);

  const utf8 = strictUtf8(bytes);
  if (utf8 !== undefined) return repairDoubleEncoding(utf8) ?? { text: utf8, encoding: "utf-8" };

  return decodeAs(bytes, guessSingleByteEncoding(bytes));
}

/**
 * The UTF-16 or UTF-32 encoding the bytes are in, by byte order mark or by the zero bytes of
 * mostly-Latin text; undefined for byte-oriented encodings (UTF-8, the single-byte code pages).
 */
export function wideTextEncoding(bytes: Uint8Array): string | undefined {
  const bom = BYTE_ORDER_MARKS.find((mark) => mark.bytes.every((byte, index) => bytes[index] === byte));
  if (bom) return /^utf-(16|32)/.test(bom.encoding) ? bom.encoding : undefined;
  return guessBomlessUtf16Or32(bytes);
}

/** True when the bytes look like text in some encoding rather than binary data. */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return true;
  if (BYTE_ORDER_MARKS.some((mark) => mark.bytes.every((byte, index) => bytes[index] === byte))) return true;
  if (guessBomlessUtf16Or32(bytes)) return true;
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    // Tab, line feed, vertical tab, form feed, carriage return and escape occur in real text files.
    if (byte < 0x20 && (byte < 0x09 || byte > 0x0d) && byte !== 0x1b) controls += 1;
  }
  return controls / sample.length < 0.05;
}

export function canonicalEncoding(label: string): string | undefined {
  const normalised = label
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
  if (WINDOWS_1252_ALIASES.has(normalised)) return "windows-1252";
  return iconv.encodingExists(normalised) ? normalised : undefined;
}

function decodeAs(bytes: Uint8Array, encoding: string): DecodedText {
  if (encoding === "utf-8") return { text: new TextDecoder("utf-8").decode(bytes), encoding };
  return { text: iconv.decode(bytes, encoding, { stripBOM: true }), encoding };
}

/**
 * UTF-8 that was once misread as Latin-1 and saved as UTF-8 again ("1986â\u0080\u00931990" for
 * "1986–1990"). C1 control characters never occur in real text, so their presence, together with
 * the text's Latin-1 bytes forming valid UTF-8, identifies it; reading those bytes undoes it.
 */
function repairDoubleEncoding(text: string): DecodedText | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: C1 controls are what we look for
  if (!/[\u0080-\u009f]/.test(text) || /[^\u0000-\u00ff]/.test(text)) return undefined;
  const repaired = strictUtf8(Buffer.from(text, "latin1"));
  return repaired === undefined ? undefined : { text: repaired, encoding: "utf-8 (double-encoded)" };
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * UTF-16/32 without a byte order mark shows up as zero bytes in fixed positions (for text that is
 * mostly Latin script). chardet only recognises these encodings with a mark, so we look ourselves.
 */
function guessBomlessUtf16Or32(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, Math.min(bytes.length, SAMPLE_BYTES) & ~3);
  if (sample.length < 4) return undefined;
  const zerosAt = [0, 0, 0, 0];
  for (let index = 0; index < sample.length; index += 1) {
    if (sample[index] === 0) zerosAt[index % 4] = (zerosAt[index % 4] ?? 0) + 1;
  }
  const [z0 = 0, z1 = 0, z2 = 0, z3 = 0] = zerosAt;
  const quarter = sample.length / 4;
  const mostly = (count: number) => count > quarter * 0.7;
  const rarely = (count: number) => count < quarter * 0.1;
  if (mostly(z1) && mostly(z2) && mostly(z3) && rarely(z0)) return "utf-32le";
  if (mostly(z0) && mostly(z1) && mostly(z2) && rarely(z3)) return "utf-32be";
  if (mostly(z1) && mostly(z3) && rarely(z0) && rarely(z2)) return "utf-16le";
  if (mostly(z0) && mostly(z2) && rarely(z1) && rarely(z3)) return "utf-16be";
  return undefined;
}

function guessSingleByteEncoding(bytes: Uint8Array): string {
  for (const match of chardet.analyse(bytes.subarray(0, SAMPLE_BYTES))) {
    // Wide encodings were ruled out above; chardet names them for short inputs by accident.
    if (/^utf-(16|32)/i.test(match.name)) continue;
    const encoding = canonicalEncoding(match.name);
    if (encoding && encoding !== "utf-8") return encoding;
  }
  return "windows-1252";
}
