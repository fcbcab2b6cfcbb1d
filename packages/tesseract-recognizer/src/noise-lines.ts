// Texture read as text (leaves, paper grain, a logo) comes out as short runs at low confidence:
// a line under this confidence without three letters or digits in a row is noise.
const TEXTURE_CONFIDENCE = 0.6;
// A printed rule (a row of asterisks, equals signs or dashes) comes out as a few letters or digits
// repeated ("EEXXEEXEXXAEXERRELXXE", "0322222220222"), at a confidence near 0: a line under this
// confidence whose characters, spaces aside, number at least RULE_CHARACTERS and hold no more
// distinct ones than RULE_DISTINCT_SHARE of them. Text that varied is not a rule: a row of amounts
// ("0.00 0.00 0.00") comes close, but is read far more confidently. On the 50 SROIE receipts the
// rule took CER from 10.1 % to 9.9 %, receipt 013's three rows of asterisks and equals signs alone.
const RULE_CONFIDENCE = 0.3;
const RULE_CHARACTERS = 10;
const RULE_DISTINCT_SHARE = 0.25;
// A page whose lines hold fewer letters and digits than this altogether, read under
// TEXTURE_CONFIDENCE, is a picture without writing: leaves and petals read as a word ("eld 4", at
// 0.49, on a photo of a flower). A short sign or label in a photo reads far more confidently.
const FEWEST_CHARACTERS = 8;

/** Whether a recognised line (its text and confidence from 0 to 1) is noise rather than text. */
export function isNoise(text: string, confidence: number): boolean {
  if (confidence < TEXTURE_CONFIDENCE && !/[\p{L}\p{N}]{3}/u.test(text)) return true;
  return confidence < RULE_CONFIDENCE && isPrintedRule(text);
}

function isPrintedRule(text: string): boolean {
  const characters = [...text.replace(/\s+/g, "")];
  return characters.length >= RULE_CHARACTERS && new Set(characters).size <= RULE_DISTINCT_SHARE * characters.length;
}

/** Whether a page's recognised lines, at the page's confidence (0 to 1), are texture, not text. */
export function isTextless(lines: { text: string }[], confidence: number): boolean {
  const characters = lines.reduce((sum, line) => sum + (line.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);
  return characters < FEWEST_CHARACTERS && confidence < TEXTURE_CONFIDENCE;
}
