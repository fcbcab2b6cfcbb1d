// The API's shapes as the browser reads them: the API's own contract (packages/api-contract), types
// only, so no schema code reaches the bundle. A record keeps fields the UI does not know yet, and
// shows them as they come, so a newer API never breaks an older page.
import type { DocumentStatus } from "@docworker/core/vocabulary";

export type {
  BrowserAuth as UiAuth,
  ChunkView,
  CreatedDocument,
  ExtractionSchemaView as ExtractionSchema,
  SearchFilters,
  SearchHit,
  SearchMode,
  SearchResponse,
  UiConfig,
} from "@docworker/api-contract";

import type { DocumentView as ContractDocumentView } from "@docworker/api-contract";

export { DOCUMENT_STATUSES as STATUSES } from "@docworker/core/vocabulary";
export type Status = DocumentStatus;
export const FINAL_STATUSES: readonly string[] = ["PROCESSED", "FAILED", "DELETED"];

export type DocumentView = ContractDocumentView & { [extra: string]: unknown };
export type Usage = DocumentView["usage"];

export interface DocumentList {
  items: DocumentView[];
  nextCursor?: string;
}
