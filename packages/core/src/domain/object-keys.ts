import { createHash, randomBytes } from "node:crypto";
import type { DocumentKey, ObjectRef } from "./document.ts";

/**
 * Raw objects uploaded through the API live at tenants/{tenant}/documents/{documentId}/{filename};
 * the key alone says whose document it is, so the worker needs no lookup to scope it.
 */
const RAW_KEY = /^tenants\/([a-z0-9][a-z0-9-]{0,62})\/documents\/(doc_[a-z0-9]{16,64})\/[^/]+$/;
const ID = /^doc_[a-z0-9]{16,64}$/;
const TENANT = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function isDocumentId(value: string): boolean {
  return ID.test(value);
}

export function isTenantId(value: string): boolean {
  return TENANT.test(value);
}

export function newDocumentId(): string {
  return `doc_${randomBytes(13).toString("hex")}`;
}

/** Keeps a filename recognisable in the key while making it safe for every S3 client and URL. */
export function safeFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFKD")
    .replace(/[^\w.-]+/g, "_")
    .replace(/^[._]+/, "")
    .slice(-120);
  return cleaned || "document";
}

export function rawObjectKey(key: DocumentKey, filename: string): string {
  return `tenants/${key.tenantId}/documents/${key.documentId}/${safeFilename(filename)}`;
}

export function processedObjectKey(key: DocumentKey): string {
  return `tenants/${key.tenantId}/documents/${key.documentId}.json`;
}

/**
 * Which document an object is. Keys made by the API carry tenant and id; an object dropped into
 * the bucket by other means belongs to the default tenant and gets an id derived from bucket and
 * key, so every event for that key lands on the same record.
 */
export function documentKeyForObject(ref: ObjectRef, defaultTenantId: string): DocumentKey {
  const match = RAW_KEY.exec(ref.key);
  if (match?.[1] && match[2]) return { tenantId: match[1], documentId: match[2] };
  const digest = createHash("sha256").update(`${ref.bucket}/${ref.key}`).digest("hex").slice(0, 32);
  return { tenantId: defaultTenantId, documentId: `doc_${digest}` };
}

/** Whether POST /documents made this key (tenants/{tenant}/documents/{id}/{filename}). */
export function isApiObjectKey(key: string): boolean {
  return RAW_KEY.test(key);
}

export function filenameFromKey(key: string): string {
  return key.split("/").pop() || key;
}
