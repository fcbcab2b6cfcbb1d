import { formatDocument } from "../render/document.ts";
import { type CommandContext, printJson } from "./command-context.ts";

/** `docworker status <documentId>`: the record, its error, pages, chunks, usage and extraction. */
export async function statusCommand(context: CommandContext, documentId: string): Promise<number> {
  const document = await context.client.getDocument(documentId);
  if (context.json) printJson(context, document);
  else context.io.stdout.write(`${formatDocument(document, context.style)}\n`);
  return 0;
}
