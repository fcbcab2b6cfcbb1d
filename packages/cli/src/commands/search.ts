import type { SearchFilters, SearchMode, SearchRequestBody } from "../api-types.ts";
import { UsageError } from "../cli-errors.ts";
import { formatSearchResults } from "../render/search-results.ts";
import { type CommandContext, printJson } from "./command-context.ts";

export interface SearchOptions {
  k?: number;
  mode?: SearchMode;
  /** From repeated --filter key=value. */
  filter?: SearchFilters;
  filenamePrefix?: string;
  metadata?: Record<string, string>;
  createdAfter?: string;
  createdBefore?: string;
}

/** `docworker search <query...>`: POST /search, printed as ranked hits with their snippets. */
export async function searchCommand(context: CommandContext, words: string[], options: SearchOptions): Promise<number> {
  const query = words.join(" ").trim();
  if (!query) throw new UsageError("the query is empty");
  const body: SearchRequestBody = { query };
  if (options.k !== undefined) body.k = options.k;
  if (options.mode) body.mode = options.mode;
  const filters = buildFilters(options);
  if (Object.keys(filters).length > 0) body.filters = filters;
  const response = await context.client.search(body);
  if (context.json) printJson(context, response);
  else context.io.stdout.write(`${formatSearchResults(response, context.style)}\n`);
  return 0;
}

/** The dedicated flags win over the same key given through --filter. */
export function buildFilters(options: SearchOptions): SearchFilters {
  const filters: SearchFilters = { ...options.filter };
  if (options.filenamePrefix !== undefined) filters.filenamePrefix = options.filenamePrefix;
  if (options.createdAfter) filters.createdAfter = options.createdAfter;
  if (options.createdBefore) filters.createdBefore = options.createdBefore;
  const metadata = { ...filters.metadata, ...options.metadata };
  if (Object.keys(metadata).length > 0) filters.metadata = metadata;
  if (filters.contentType?.length === 0) delete filters.contentType;
  return filters;
}
