import { type CommandContext, printJson } from "./command-context.ts";

/** `docworker delete <documentId>`: DELETE /documents/{id}; the record turns DELETED shortly after. */
export async function deleteCommand(context: CommandContext, documentId: string): Promise<number> {
  const accepted = await context.client.deleteDocument(documentId);
  if (context.json) printJson(context, accepted);
  else {
    context.io.stdout.write(
      `deleting ${accepted.documentId ?? documentId}: the record becomes DELETED once the delete event is processed\n`,
    );
  }
  return 0;
}
