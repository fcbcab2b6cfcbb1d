import type { TextBlock } from "@docworker/core";
import { type AddressObject, MailParser, type MessageText } from "mailparser";
import type { TextBudget } from "../budget/text-budget.ts";
import type { FormatParser } from "../format-parser.ts";
import { htmlToBlocks } from "../html/html-to-blocks.ts";
import { parseError } from "../parse-error.ts";
import { decodeText, wideTextEncoding } from "../text/decode-text.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";
import { textToBlocks } from "../text/text-to-blocks.ts";

interface Mail {
  subject?: string;
  from?: AddressObject;
  to?: AddressObject | AddressObject[];
  cc?: AddressObject | AddressObject[];
  date?: Date;
  body?: MessageText;
  attachments: string[];
}

/**
 * An e-mail (RFC 822 / MIME): the subject as heading, a From/To/Cc/Subject/Date paragraph, then the
 * text body, or the HTML body converted when the mail has no text part. Attachments are named, not
 * parsed. The subject is in the header paragraph too: whoever reads only the text (a model, the
 * evidence locator) sees which line it is, not just a first line.
 */
export const parseEml: FormatParser = async ({ bytes, limits, budget }) => {
  const mail = await readMail(asByteOriented(bytes), limits.maxAttachmentBytes);
  const blocks: TextBlock[] = [];
  const properties: Record<string, string> = {};

  const subject = normaliseInline(mail.subject ?? "");
  if (subject) {
    blocks.push({ kind: "heading", text: subject, level: 1 });
    properties.title = subject;
  }

  const addresses = (value: Mail["to"]) =>
    normaliseInline((Array.isArray(value) ? value : value ? [value] : []).map((address) => address.text).join(", "));
  const from = addresses(mail.from);
  const header = [
    ["From", from],
    ["To", addresses(mail.to)],
    ["Cc", addresses(mail.cc)],
    ["Subject", subject],
    ["Date", mail.date ? mail.date.toISOString() : ""],
  ]
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}: ${value}`);
  if (header.length > 0) blocks.push({ kind: "paragraph", text: header.join("\n") });
  if (from) properties.author = from;
  if (mail.date) properties.date = mail.date.toISOString();

  blocks.push(...bodyBlocks(mail.body, limits.maxHtmlDepth, budget));
  if (mail.attachments.length > 0) {
    blocks.push({ kind: "paragraph", text: `Attachments: ${mail.attachments.join(", ")}` });
  }
  return { blocks, properties };
};

function bodyBlocks(body: MessageText | undefined, maxDepth: number, budget: TextBudget): TextBlock[] {
  if (typeof body?.text === "string" && body.text.trim()) {
    budget.spend(body.text.length);
    return textToBlocks(body.text);
  }
  if (typeof body?.html === "string") return htmlToBlocks(body.html, { maxDepth, text: budget }).blocks;
  return [];
}

/**
 * Streams the message through mailparser: attachments are counted and discarded as they are
 * decoded, never buffered, and the message is refused once they pass the byte limit.
 */
function readMail(source: Buffer, maxAttachmentBytes: number): Promise<Mail> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
    const mail: Mail = { attachments: [] };
    let attachmentBytes = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      parser.destroy();
      reject(error);
    };
    parser.on("headers", () => {
      mail.subject = parser.subject;
      mail.from = parser.from;
      mail.to = parser.to;
      mail.cc = parser.cc;
      mail.date = parser.date;
    });
    parser.on("data", (data) => {
      if (data.type === "text") {
        mail.body = data;
        return;
      }
      if (data.filename) mail.attachments.push(data.filename);
      data.content.on("data", (chunk: Buffer) => {
        attachmentBytes += chunk.length;
        if (attachmentBytes > maxAttachmentBytes) {
          fail(
            parseError(
              "TOO_LARGE",
              `the e-mail's attachments hold more than ${maxAttachmentBytes} bytes; the limit is ${maxAttachmentBytes} (MAX_ATTACHMENT_BYTES)`,
            ),
          );
        }
      });
      data.content.on("end", () => data.release?.());
    });
    parser.on("error", (error: Error) =>
      fail(parseError("CORRUPT", `e-mail could not be read: ${error.message}`, error)),
    );
    parser.on("end", () => {
      if (settled) return;
      settled = true;
      resolve(mail);
    });
    parser.end(source);
  });
}

/**
 * MIME is defined over bytes in an ASCII-compatible encoding; a message saved as UTF-16 or UTF-32
 * (Windows tools do this) has to become UTF-8 first or the parser sees no headers and no body.
 */
function asByteOriented(bytes: Uint8Array): Buffer {
  if (!wideTextEncoding(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Buffer.from(decodeText(bytes).text, "utf8");
}
