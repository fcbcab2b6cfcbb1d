/** The `documents` table: one row per tenant and document, newest update first in both indexes. */
export const DOCUMENTS_SCHEMA = [
  `CREATE TABLE documents (
    tenant_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    source_bucket TEXT NOT NULL,
    source_key TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT,
    size INTEGER,
    metadata TEXT NOT NULL,
    version TEXT,
    sequencer TEXT,
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'QUEUED', 'PROCESSING', 'PROCESSED', 'FAILED', 'DELETED')),
    attempts INTEGER NOT NULL,
    error TEXT,
    page_count INTEGER,
    chunk_count INTEGER,
    extraction TEXT,
    usage TEXT NOT NULL,
    lease_token TEXT,
    lease_expires_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    processed_at TEXT,
    PRIMARY KEY (tenant_id, document_id)
  ) WITHOUT ROWID;
  CREATE INDEX documents_by_update ON documents (tenant_id, updated_at DESC, document_id DESC);
  CREATE INDEX documents_by_status ON documents (tenant_id, status, updated_at DESC, document_id DESC);`,
  "ALTER TABLE documents ADD COLUMN recognition TEXT;",
  `ALTER TABLE documents ADD COLUMN class TEXT;
  ALTER TABLE documents ADD COLUMN class_confidence REAL;
  ALTER TABLE documents ADD COLUMN classification TEXT;
  ALTER TABLE documents ADD COLUMN embedder TEXT;`,
  `ALTER TABLE documents ADD COLUMN expires_at TEXT;
  CREATE INDEX documents_pending_expiry ON documents (expires_at) WHERE status = 'PENDING';`,
];
