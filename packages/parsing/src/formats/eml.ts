import type { TextBlock } from "@docworker/core";
import { simpleParser } from "mailparser";
import type { FormatParser } from "../format-parser.ts";
import { htmlToBlocks } from "../html/html-to-blocks.ts";
import { corruptOnFailure } from "../parse-error.ts";
import { decodeText, wideTextEncoding } from "../text/decode-text.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";
import { textToBlocks } from "../text/text-to-blocks.ts";

/**
 * An e-mail (RFC 822 / MIME): the subject as heading, a From/To/Cc/Date paragraph, then the text
 * body, or the HTML body converted when the mail has no text part. Attachments are named, not parsed.
 */
export const parseEml: FormatParser = async ({ bytes }) => {
  const mail = await corruptOnFailure("e-mail could not be read", () =>
    simpleParser(asByteOriented(bytes), {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
    }),
  );
  const blocks: TextBlock[] = [];
  const properties: Record<string, string> = {};

  const subject = normaliseInline(mail.subject ?? "");
  if (subject) {
    blocks.push({ kind: "heading", text: subject, level: 1 });
    properties.title = subject;
  }

  const addresses = (value: typeof mail.to) =>
    normaliseInline((Array.isArray(value) ? value : value ? [value] : []).map((address) => address.text).join(", "));
  const from = addresses(mail.from);
  const header = [
    ["From", from],
    ["To", addresses(mail.to)],
    ["Cc", addresses(mail.cc)],
    ["Date", mail.date ? mail.date.toISOString() : ""],
  ]
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}: ${value}`);
  if (header.length > 0) blocks.push({ kind: "paragraph", text: header.join("\n") });
  if (from) properties.author = from;
  if (mail.date) properties.date = mail.date.toISOString();

  if (mail.text?.trim()) blocks.push(...textToBlocks(mail.text));
  else if (typeof mail.html === "string") blocks.push(...htmlToBlocks(mail.html).blocks);

  const attachments = mail.attachments.map((attachment) => attachment.filename).filter(Boolean);
  if (attachments.length > 0) blocks.push({ kind: "paragraph", text: `Attachments: ${attachments.join(", ")}` });
  return { blocks, properties };
};

/**
 * MIME is defined over bytes in an ASCII-compatible encoding; a message saved as UTF-16 or UTF-32
 * (Windows tools do this) has to become UTF-8 first or the parser sees no headers and no body.
 */
function asByteOriented(bytes: Uint8Array): Buffer {
  if (!wideTextEncoding(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Buffer.from(decodeText(bytes).text, "utf8");
}
