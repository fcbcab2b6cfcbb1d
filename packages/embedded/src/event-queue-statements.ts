import { migrate, type SqliteDatabase } from "./sqlite-database.ts";

const SCHEMA = [
  `CREATE TABLE queue_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    queue TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('ready', 'dead')),
    visible_at INTEGER NOT NULL,
    receive_count INTEGER NOT NULL DEFAULT 0,
    receipt TEXT,
    sent_at INTEGER NOT NULL,
    dead_reason TEXT,
    dead_at INTEGER
  );
  CREATE INDEX queue_messages_ready ON queue_messages (queue, state, visible_at, seq);`,
];

export interface MessageRow {
  id: string;
  body: string;
  receive_count: number;
}

export interface QueueStats {
  /** Ready to be received now. */
  visible: number;
  /** Received and within their visibility timeout. */
  inFlight: number;
  /** Sent with a delay or retried with one, not yet visible. */
  delayed: number;
  deadLettered: number;
}

/**
 * The queue's table and every statement it runs. A message is `ready` (visible once `visible_at`
 * has passed; in flight while it holds a `receipt` and `visible_at` is ahead) or `dead`.
 */
export function prepareQueueStatements(db: SqliteDatabase) {
  migrate(db, "event-queue", SCHEMA);
  return {
    insert: db.prepare<[string, string, string, number, number]>(
      "INSERT INTO queue_messages (id, queue, body, state, visible_at, sent_at) VALUES (?, ?, ?, 'ready', ?, ?)",
    ),
    visible: db.prepare<[string, number, number], MessageRow>(
      `SELECT id, body, receive_count FROM queue_messages
       WHERE queue = ? AND state = 'ready' AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?`,
    ),
    markReceived: db.prepare<[number, string, number, string]>(
      "UPDATE queue_messages SET receive_count = ?, receipt = ?, visible_at = ? WHERE id = ?",
    ),
    redrivePolicy: db.prepare<[string, number, string]>(
      "UPDATE queue_messages SET state = 'dead', dead_reason = ?, dead_at = ?, receipt = NULL WHERE id = ?",
    ),
    deadLetter: db.prepare<[string, number, string, string]>(
      "UPDATE queue_messages SET state = 'dead', dead_reason = ?, dead_at = ?, receipt = NULL WHERE id = ? AND receipt = ? AND state = 'ready'",
    ),
    delete: db.prepare<[string, string]>("DELETE FROM queue_messages WHERE id = ? AND receipt = ?"),
    /** Retry, release and visibility changes: only by the receiver that holds the current receipt. */
    setVisibleAt: db.prepare<[number, string, string]>(
      "UPDATE queue_messages SET visible_at = ? WHERE id = ? AND receipt = ? AND state = 'ready'",
    ),
    handBack: db.prepare<[number, string, string]>(
      "UPDATE queue_messages SET visible_at = ?, receipt = NULL WHERE id = ? AND receipt = ? AND state = 'ready'",
    ),
    stats: db.prepare<[number, number, number, string], QueueStats>(
      `SELECT
         coalesce(sum(state = 'ready' AND visible_at <= ?), 0) AS visible,
         coalesce(sum(state = 'ready' AND visible_at > ? AND receipt IS NOT NULL), 0) AS inFlight,
         coalesce(sum(state = 'ready' AND visible_at > ? AND receipt IS NULL), 0) AS delayed,
         coalesce(sum(state = 'dead'), 0) AS deadLettered
       FROM queue_messages WHERE queue = ?`,
    ),
    deadLetters: db.prepare<
      [string, number],
      MessageRow & { dead_reason: string | null; sent_at: number; dead_at: number | null }
    >(
      `SELECT id, body, receive_count, dead_reason, sent_at, dead_at FROM queue_messages
       WHERE queue = ? AND state = 'dead' ORDER BY dead_at, seq LIMIT ?`,
    ),
    redrive: db.prepare<[number, string, string | null, string | null]>(
      `UPDATE queue_messages SET state = 'ready', visible_at = ?, receive_count = 0, receipt = NULL, dead_reason = NULL, dead_at = NULL
       WHERE queue = ? AND state = 'dead' AND (? IS NULL OR id = ?)`,
    ),
  };
}
