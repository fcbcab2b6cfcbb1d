import type { ReprocessJobView } from "../api-types.ts";
import type { OutputStream } from "../cli-io.ts";
import type { Style } from "./style.ts";

const CLEAR_LINE = "\r\x1b[2K";
const WIDTH = 24;

/**
 * A reprocess job's progress on stderr: on a TTY one bar redrawn in place
 * (`reprocess [#########---------------] 12/34 processed 10 failed 2`), otherwise a plain line
 * whenever the counts change, so logs stay readable.
 */
export class ReprocessProgress {
  readonly #stream: OutputStream;
  readonly #style: Style;
  readonly #tty: boolean;
  #last = "";

  constructor(stream: OutputStream, style: Style) {
    this.#stream = stream;
    this.#style = style;
    this.#tty = stream.isTTY === true;
  }

  update(job: ReprocessJobView): void {
    const line = this.#line(job);
    if (line === this.#last) return;
    this.#last = line;
    this.#stream.write(this.#tty ? `${CLEAR_LINE}${line}` : `${line}\n`);
  }

  finish(job: ReprocessJobView): void {
    this.update(job);
    if (this.#tty) this.#stream.write("\n");
  }

  #line(job: ReprocessJobView): string {
    const done = job.processed + job.failed + job.skipped;
    const total = job.listed ? job.matched : Math.max(job.matched, done);
    const filled = total === 0 ? (job.listed ? WIDTH : 0) : Math.round((done / total) * WIDTH);
    const bar = `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}]`;
    const of = job.listed ? `${done}/${total}` : `${done}/${total}+ (still listing)`;
    const failed = job.failed > 0 ? this.#style.red(`failed ${job.failed}`) : `failed ${job.failed}`;
    return `reprocess ${bar} ${of} processed ${job.processed} ${failed} skipped ${job.skipped}`;
  }
}
