import { type DocumentKey, type DocumentRecord, type DocumentStatus, DocworkerError } from "@docworker/core";

/**
 * One item per document in a single table:
 *
 * | attribute   | value                                   | used by                             |
 * | ----------- | --------------------------------------- | ----------------------------------- |
 * | pk          | TENANT#{tenantId}                       | table key, GSI byUpdated (hash)     |
 * | sk          | DOC#{documentId}                        | table key                           |
 * | statusKey   | TENANT#{tenantId}#STATUS#{status}       | GSI byStatus (hash)                 |
 * | listKey     | {updatedAt}#{documentId}                | both GSIs (range): newest first     |
 * | seqOrder    | sequencer, upper case, 0-padded to 64   | string order = S3 order (see below) |
 * | rev         | number, +1 on every write               | optimistic lock: claims, deletes    |
 * | expiresAtEpoch | epoch seconds of a PENDING expiresAt | the table's TTL attribute           |
 *
 * plus every DocumentRecord field under its own name. The bookkeeping attributes never leave
 * this module: `fromItem` returns exactly the record. Earlier releases' conditional writes compare
 * `seqOrder`, so it is still written for a rolling deploy; they also kept an `eventTime`, which
 * is dropped from records read and no longer written.
 */
export const INDEX_BY_UPDATED = "byUpdated";
export const INDEX_BY_STATUS = "byStatus";

export const SEQUENCER_WIDTH = 64;

/**
 * The table's TTL attribute (Terraform enables it): DynamoDB removes a PENDING record that
 * expired without an upload, within days, so reads filter such records out until it has.
 */
export const TTL_ATTRIBUTE = "expiresAtEpoch";

const BOOKKEEPING = ["pk", "sk", "statusKey", "listKey", "seqOrder", "eventTime", "rev", TTL_ATTRIBUTE] as const;

export type DocumentItem = Record<string, unknown> & {
  pk: string;
  sk: string;
  statusKey: string;
  listKey: string;
  rev: number;
  seqOrder?: string;
};

export function partitionKey(tenantId: string): string {
  return `TENANT#${tenantId}`;
}

export function sortKey(documentId: string): string {
  return `DOC#${documentId}`;
}

export function statusKey(tenantId: string, status: DocumentStatus): string {
  return `TENANT#${tenantId}#STATUS#${status}`;
}

export function listKey(updatedAt: string, documentId: string): string {
  return `${updatedAt}#${documentId}`;
}

export function primaryKey(key: DocumentKey): { pk: string; sk: string } {
  return { pk: partitionKey(key.tenantId), sk: sortKey(key.documentId) };
}

/** Pads a sequencer so that DynamoDB's byte-wise string order is compareSequencers' order. */
export function sequencerOrder(sequencer: string): string {
  const upper = sequencer.toUpperCase();
  if (upper.length > SEQUENCER_WIDTH) {
    throw new DocworkerError("INVALID_EVENT", `sequencer longer than ${SEQUENCER_WIDTH} characters: ${sequencer}`);
  }
  return upper.padStart(SEQUENCER_WIDTH, "0");
}

export function toItem(record: DocumentRecord, rev: number): DocumentItem {
  const item: DocumentItem = {
    ...stripUndefined(record),
    ...primaryKey(record),
    statusKey: statusKey(record.tenantId, record.status),
    listKey: listKey(record.updatedAt, record.documentId),
    rev,
  };
  if (record.sequencer !== undefined) item.seqOrder = sequencerOrder(record.sequencer);
  // Rounded up: TTL never removes a record before the time its readers hide it.
  if (record.expiresAt !== undefined) item[TTL_ATTRIBUTE] = Math.ceil(Date.parse(record.expiresAt) / 1000);
  return item;
}

export function fromItem(item: Record<string, unknown>): DocumentRecord {
  const record: Record<string, unknown> = { ...item };
  for (const name of BOOKKEEPING) delete record[name];
  return record as unknown as DocumentRecord;
}

export function itemRev(item: Record<string, unknown>): number | undefined {
  return typeof item.rev === "number" ? item.rev : undefined;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
