import type {
  CreateDocumentBody,
  CreatedDocument,
  DeletionAccepted,
  DocumentList,
  DocumentView,
  Job,
  ListQuery,
  ReprocessBody,
  SearchBody,
  SearchFilters,
  SearchHit,
  SearchMode,
  SearchResponse,
} from "@docworker/api-contract";
import type { DocumentStatus } from "@docworker/core/vocabulary";

/**
 * The HTTP API's wire shapes as the CLI uses them: the API's own contract (packages/api-contract),
 * under the names the CLI's code reads. Types only: the CLI loads none of the contract's code.
 */
export type { CreatedDocument, DeletionAccepted, DocumentStatus, SearchFilters, SearchHit, SearchMode };

/** GET /documents/{id}. */
export type ApiDocument = DocumentView;
export type ApiDocumentError = NonNullable<DocumentView["error"]>;
export type CreateDocumentRequest = CreateDocumentBody;
export type UploadTarget = CreatedDocument["upload"];
/** The list query as the CLI builds it: the API fills in the page size it leaves out. */
export type ListDocumentsQuery = Partial<ListQuery>;
export type DocumentPage = DocumentList;
export type SearchRequestBody = SearchBody;
export type SearchResponseBody = SearchResponse;

/** GET /jobs/{id}: a reprocess job's progress. */
export type ReprocessJobView = Job;
/** POST /reprocess. */
export type ReprocessRequest = ReprocessBody;

/** Statuses after which a document does not change any more (until it is uploaded again). */
export const TERMINAL_STATUSES: readonly DocumentStatus[] = ["PROCESSED", "FAILED", "DELETED"];

// Core's vocabulary module holds only these constants, so the CLI loads no other core code.
export {
  DOCUMENT_STATUSES as DOCUMENT_STATUS_NAMES,
  SEARCH_MODES as SEARCH_MODE_NAMES,
} from "@docworker/core/vocabulary";
