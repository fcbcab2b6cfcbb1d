import type { Status } from "../api/types.ts";

/** The status as its word (never a colour alone), styled by kind. */
export function StatusBadge({ status }: { status: Status | string }) {
  return <span class={`status status-${status.toLowerCase()}`}>{status}</span>;
}
