// The names the HTTP contract (packages/api-contract) is built from, without the rest of core:
// browser code type-checks the contract with no Node types, so nothing here may need them.
export { DOCUMENT_STATUSES, type DocumentStatus } from "./domain/document.ts";
export { SEARCH_MODES, type SearchMode } from "./domain/search-modes.ts";
