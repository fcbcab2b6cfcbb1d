// A separate process for multi-process tests: consumes the queue in the given database until it
// has been idle for a while, claiming each message's document, and prints what it got as JSON.
import { sequencerFromTime } from "@docworker/core";
import { openSqliteDatabase, SqliteEventQueue, SqliteMetadataStore } from "../../src/index.ts";

const [path] = process.argv.slice(2);
if (!path) throw new Error("usage: competing-worker.ts <database>");
const db = openSqliteDatabase(path);
const queue = new SqliteEventQueue(db, { pollIntervalMs: 5 });
const metadata = new SqliteMetadataStore(db);
const received: string[] = [];
const claimed: string[] = [];
let last = Date.now();

// All workers start together, so none drains the queue before the others are up: say "ready",
// then wait for the test to say "go" on stdin.
process.stdout.write("ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
process.stdin.pause();
last = Date.now();

queue.start(
  async (message) => {
    received.push(message.body);
    last = Date.now();
    // Every message names a document that all workers also try to claim: only one may win.
    const documentId = `doc_${message.body.padStart(16, "0")}`;
    const outcome = await metadata.claim({
      key: { tenantId: "t1", documentId },
      event: {
        type: "ObjectCreated",
        object: { bucket: "raw", key: documentId },
        version: "v1",
        sequencer: sequencerFromTime(1),
        time: "",
      },
      filename: "f",
      now: new Date(),
      leaseMs: 60_000,
    });
    if (outcome.outcome === "claimed") claimed.push(documentId);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { action: "ack" };
  },
  { concurrency: 3 },
);

while (Date.now() - last < 700) await new Promise((resolve) => setTimeout(resolve, 50));
await queue.stop({ graceMs: 1000 });
db.close();
process.stdout.write(`${JSON.stringify({ received, claimed })}\n`);
