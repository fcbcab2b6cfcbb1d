import type { DocumentRecord } from "./document.ts";

/**
 * A document announced by POST /documents whose upload never came would stay PENDING forever
 * (and a client that loops on POST would fill the store). Such a record carries `expiresAt`;
 * past it, stores answer as if it did not exist and remove it (SQLite sweeps, DynamoDB's TTL).
 * Only PENDING expires: a claim or a delete drops the field, so nothing uploaded is ever lost.
 */
export function pendingExpiresAt(createdAt: Date, ttlSeconds: number): string {
  return new Date(createdAt.getTime() + ttlSeconds * 1000).toISOString();
}

export function isExpiredPending(record: Pick<DocumentRecord, "status" | "expiresAt">, now: Date): boolean {
  return record.status === "PENDING" && record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now.getTime();
}

/** The record without its expiry, for every change that moves it out of PENDING. */
export function withoutExpiry<T extends { expiresAt?: string }>(record: T): Omit<T, "expiresAt"> {
  const { expiresAt: _expiresAt, ...rest } = record;
  return rest;
}
