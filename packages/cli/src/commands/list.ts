import type { ApiDocument, DocumentStatus } from "../api-types.ts";
import { formatDocumentList } from "../render/document-list.ts";
import { type CommandContext, printJson } from "./command-context.ts";

export interface ListOptions {
  status?: DocumentStatus;
  limit: number;
}

/** The API serves at most this many per page. */
const PAGE_SIZE = 100;

/** `docworker list`: GET /documents, following nextCursor until `limit` documents are in hand. */
export async function listCommand(context: CommandContext, options: ListOptions): Promise<number> {
  const items: ApiDocument[] = [];
  let cursor: string | undefined;
  do {
    const page = await context.client.listDocuments({
      ...(options.status ? { status: options.status } : {}),
      limit: Math.min(PAGE_SIZE, options.limit - items.length),
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items.slice(0, options.limit - items.length));
    cursor = page.items.length > 0 ? page.nextCursor : undefined;
  } while (cursor && items.length < options.limit);

  if (context.json) {
    printJson(context, { items, ...(cursor ? { nextCursor: cursor } : {}) });
    return 0;
  }
  context.io.stdout.write(`${formatDocumentList(items, context.style)}\n`);
  if (cursor) context.io.stderr.write(`${context.errStyle.dim(`more documents: raise --limit to see them`)}\n`);
  return 0;
}
