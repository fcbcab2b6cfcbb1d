import type { SearchFilters } from "@docworker/core";

export interface FilterSql {
  /** Conditions on the `d` (search_documents) alias, to AND together. */
  conditions: string[];
  params: Record<string, string | number>;
}

/**
 * The tenant and the filters as SQL on the document row, so they narrow the candidates before any
 * ranking or top-k cut: a filter can never empty a page of results that had matches further down.
 */
export function filterSql(tenantId: string, filters: SearchFilters): FilterSql {
  const conditions = ["d.tenant_id = @tenantId"];
  const params: Record<string, string | number> = { tenantId };
  if (filters.contentType && filters.contentType.length > 0) {
    const names = filters.contentType.map((type, i) => {
      params[`contentType${i}`] = type;
      return `@contentType${i}`;
    });
    conditions.push(`d.content_type IN (${names.join(", ")})`);
  }
  if (filters.filenamePrefix) {
    params.filenamePrefix = filters.filenamePrefix;
    conditions.push("substr(d.filename, 1, length(@filenamePrefix)) = @filenamePrefix");
  }
  if (filters.createdAfter !== undefined) {
    params.createdAfter = epochMs(filters.createdAfter, "createdAfter");
    conditions.push("d.created_ms >= @createdAfter");
  }
  if (filters.createdBefore !== undefined) {
    params.createdBefore = epochMs(filters.createdBefore, "createdBefore");
    conditions.push("d.created_ms < @createdBefore");
  }
  Object.entries(filters.metadata ?? {}).forEach(([key, value], i) => {
    params[`metaKey${i}`] = key;
    params[`metaValue${i}`] = value;
    conditions.push(
      `EXISTS (SELECT 1 FROM json_each(d.metadata) AS m WHERE m.key = @metaKey${i} AND m.type = 'text' AND m.value = @metaValue${i})`,
    );
  });
  return { conditions, params };
}

function epochMs(value: string, name: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${name} is not a date: ${JSON.stringify(value)}`);
  return ms;
}
