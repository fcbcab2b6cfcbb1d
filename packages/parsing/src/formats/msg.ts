import type { TextBlock } from "@docworker/core";
import msgreader from "@kenjiuno/msgreader";
import type { FormatParser } from "../format-parser.ts";
import { htmlToBlocks } from "../html/html-to-blocks.ts";
import { corruptOnFailure } from "../parse-error.ts";
import { normaliseInline } from "../text/normalise-whitespace.ts";
import { textToBlocks } from "../text/text-to-blocks.ts";

// The package is CommonJS with an ES-style default export: Node hands ESM importers module.exports
// (the class under .default), bundlers hand them the class itself.
const MsgReader: typeof msgreader.default =
  (msgreader as { default?: typeof msgreader.default }).default ?? (msgreader as unknown as typeof msgreader.default);

/**
 * An Outlook item (.msg) through msgreader, shaped like an e-mail: the subject as heading, a
 * From/To/Cc/Date paragraph, the plain body (or the HTML body when there is none), attachments named.
 */
export const parseMsg: FormatParser = async ({ bytes, limits, budget }) => {
  const data = await corruptOnFailure("Outlook message could not be read", () => {
    const copy = bytes.slice();
    const fields = new MsgReader(copy.buffer).getFileData();
    if (fields.error) throw new Error(fields.error);
    return fields;
  });
  const blocks: TextBlock[] = [];
  const properties: Record<string, string> = {};
  const subject = normaliseInline(data.subject ?? "");
  if (subject) {
    blocks.push({ kind: "heading", text: subject, level: 1 });
    properties.title = subject;
  }
  const person = (name?: string, email?: string) =>
    normaliseInline(name && email && name !== email ? `${name} <${email}>` : (name ?? email ?? ""));
  const from = person(data.senderName, data.senderEmail);
  const recipients = (type: "to" | "cc") =>
    (data.recipients ?? [])
      .filter((recipient) => (recipient.recipType ?? "to") === type)
      .map((recipient) => person(recipient.name, recipient.email))
      .filter(Boolean)
      .join(", ");
  const sent = data.clientSubmitTime ?? data.messageDeliveryTime ?? data.creationTime;
  const date = sent && !Number.isNaN(Date.parse(sent)) ? new Date(sent).toISOString() : "";
  const header = [
    ["From", from],
    ["To", recipients("to")],
    ["Cc", recipients("cc")],
    ["Date", date],
  ]
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}: ${value}`);
  if (header.length > 0) blocks.push({ kind: "paragraph", text: header.join("\n") });
  if (from) properties.author = from;
  if (date) properties.date = date;

  if (data.body?.trim()) blocks.push(...textToBlocks(data.body));
  else if (data.bodyHtml)
    blocks.push(...htmlToBlocks(data.bodyHtml, { maxDepth: limits.maxHtmlDepth, text: budget }).blocks);

  const attachments = (data.attachments ?? [])
    .filter((attachment) => !attachment.attachmentHidden)
    .map((attachment) => attachment.fileName ?? attachment.name)
    .filter(Boolean);
  if (attachments.length > 0) blocks.push({ kind: "paragraph", text: `Attachments: ${attachments.join(", ")}` });
  return { blocks, properties };
};
