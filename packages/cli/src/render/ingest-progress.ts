import type { OutputStream } from "../cli-io.ts";
import type { IngestResult } from "../ingest/ingest-result.ts";
import type { Style } from "./style.ts";
import { sanitize } from "./text.ts";

const CLEAR_LINE = "\r\x1b[2K";
const REDRAW_EVERY_MS = 100;

/**
 * Ingest progress on stderr. On a TTY: one line rewritten in place
 * (`ingest 12/34 uploaded 30 processed 10 failed 2`), with failures printed above it as they
 * happen. Otherwise (CI, a pipe): one plain line per event, so logs read well.
 */
export class IngestProgress {
  readonly #stream: OutputStream;
  readonly #style: Style;
  readonly #tty: boolean;
  readonly #wait: boolean;
  readonly #total: number;
  #uploaded = 0;
  #processed = 0;
  #failed = 0;
  #other = 0;
  #lastDraw = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(stream: OutputStream, options: { style: Style; wait: boolean; total: number }) {
    this.#stream = stream;
    this.#style = options.style;
    this.#tty = stream.isTTY === true;
    this.#wait = options.wait;
    this.#total = options.total;
  }

  start(): void {
    if (this.#tty) this.#draw();
    else
      this.#stream.write(
        `${this.#wait ? "ingesting" : "uploading"} ${this.#total} file${this.#total === 1 ? "" : "s"}\n`,
      );
  }

  uploaded(result: IngestResult): void {
    this.#uploaded += 1;
    // With --wait an upload is a step, not an end: it gets no [done/total] count of its own.
    if (!this.#tty) this.#line(`uploaded  ${sanitize(result.file)}  ${result.documentId}`, !this.#wait);
    this.#redraw();
  }

  /** A file reached its final state: processed, failed, deleted, timed out, or its upload failed. */
  settled(result: IngestResult): void {
    if (result.status === "PROCESSED") this.#processed += 1;
    else if (result.status === "FAILED" || result.status === "UPLOAD_FAILED") this.#failed += 1;
    else this.#other += 1;
    const error = result.error ? `  ${this.#style.red(result.error.code)}: ${sanitize(result.error.message)}` : "";
    const id = result.documentId ? `  ${result.documentId}` : "";
    const line = `${result.status.toLowerCase().padEnd(9)} ${sanitize(result.file)}${id}${error}`;
    // On a TTY only problems scroll by; successes just move the counters.
    if (!this.#tty || result.status !== "PROCESSED") this.#line(line);
    this.#redraw();
  }

  /** Leaves the final counts on screen, on a line of their own. */
  finish(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#tty) this.#stream.write(`${CLEAR_LINE}${this.#summary()}\n`);
  }

  #summary(): string {
    const done = this.#processed + this.#failed + this.#other;
    if (!this.#wait) return `upload ${this.#doneCount()}/${this.#total} failed ${this.#failed}`;
    const failed = this.#failed > 0 ? this.#style.red(`failed ${this.#failed}`) : `failed ${this.#failed}`;
    const other = this.#other > 0 ? ` other ${this.#other}` : "";
    return `ingest ${done}/${this.#total} uploaded ${this.#uploaded} processed ${this.#processed} ${failed}${other}`;
  }

  #line(text: string, counted = true): void {
    if (this.#tty) this.#stream.write(`${CLEAR_LINE}${text}\n${this.#summary()}`);
    else this.#stream.write(counted ? `[${this.#doneCount()}/${this.#total}] ${text}\n` : `${text}\n`);
  }

  #doneCount(): number {
    return this.#wait ? this.#processed + this.#failed + this.#other : this.#uploaded + this.#failed;
  }

  /** Redraws at most every 100 ms; a change in between is drawn when the period ends. */
  #redraw(): void {
    if (!this.#tty || this.#timer) return;
    const wait = this.#lastDraw + REDRAW_EVERY_MS - Date.now();
    if (wait <= 0) {
      this.#draw();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#draw();
    }, wait);
  }

  #draw(): void {
    this.#lastDraw = Date.now();
    this.#stream.write(`${CLEAR_LINE}${this.#summary()}`);
  }
}
