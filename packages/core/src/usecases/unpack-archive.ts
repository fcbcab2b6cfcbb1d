import { createHash } from "node:crypto";
import { type DocumentKey, type DocumentRecord, ZERO_USAGE } from "../domain/document.ts";
import { rawObjectKey } from "../domain/object-keys.ts";
import type { ArchiveMember } from "../domain/parsed-document.ts";
import { pendingExpiresAt } from "../domain/pending-expiry.ts";
import { ConflictError } from "../ports/metadata-store.ts";
import { now, type PipelineDependencies } from "./dependencies.ts";

/** User metadata on a member's record and object: the archive it came from, and its path there. */
export const ARCHIVE_DOCUMENT_ID = "archive-document-id";
export const ARCHIVE_MEMBER_PATH = "archive-member-path";

/**
 * Makes each file of an archive a document of its own: a PENDING record that names the archive
 * in its metadata, then the bytes under the record's key in the raw bucket, whose event ingests it
 * like any upload. The member's id is derived from the archive's id, version and the member's
 * path, so processing the archive again (a retry) finds the records it made instead of doubling
 * them. A member of a member is never unpacked again (the parser flattens one nested level).
 */
export async function unpackArchive(
  deps: Pick<PipelineDependencies, "config" | "metadata" | "blobs" | "clock" | "logger">,
  archive: DocumentRecord,
  version: string,
  members: ArchiveMember[],
): Promise<DocumentKey[]> {
  if (archive.metadata[ARCHIVE_DOCUMENT_ID]) return [];
  const created = now(deps);
  const keys: DocumentKey[] = [];
  for (const member of members) {
    const key = { tenantId: archive.tenantId, documentId: memberDocumentId(archive, version, member.path) };
    const filename = member.path.split("/").pop() || member.path;
    const source = { bucket: deps.config.rawBucket, key: rawObjectKey(key, filename) };
    const link = { [ARCHIVE_DOCUMENT_ID]: archive.documentId, [ARCHIVE_MEMBER_PATH]: member.path.slice(-512) };
    // The record carries the archive's metadata too (its filters find the members); the object
    // only the link, so S3's 2 KB of user metadata is never exceeded by the archive's.
    const metadata = { ...archive.metadata, ...link };
    const record: DocumentRecord = {
      ...key,
      source,
      filename,
      contentType: "application/octet-stream",
      metadata,
      status: "PENDING",
      attempts: 0,
      usage: { ...ZERO_USAGE },
      createdAt: created.toISOString(),
      updatedAt: created.toISOString(),
      expiresAt: pendingExpiresAt(created, deps.config.upload.pendingTtlSeconds),
    };
    try {
      await deps.metadata.createPending(record);
    } catch (error) {
      // Made by an earlier attempt at this archive version: write the bytes again, in case that
      // attempt stopped before it did; an unchanged object's event is a duplicate and skipped.
      if (!(error instanceof ConflictError)) throw error;
    }
    await deps.blobs.put(source, member.bytes, { contentType: "application/octet-stream", metadata: link });
    keys.push(key);
  }
  deps.logger.info(
    { tenantId: archive.tenantId, documentId: archive.documentId, members: keys.length },
    "archive unpacked into documents",
  );
  return keys;
}

function memberDocumentId(archive: DocumentRecord, version: string, path: string): string {
  const digest = createHash("sha256")
    .update(`${archive.tenantId}\n${archive.documentId}\n${version}\n${path}`)
    .digest("hex");
  return `doc_${digest.slice(0, 32)}`;
}
