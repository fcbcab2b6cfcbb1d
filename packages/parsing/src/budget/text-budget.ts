import { parseError } from "../parse-error.ts";

/**
 * The characters of text one document may still yield. Format modules spend from it as they read,
 * so an oversized document stops at the limit instead of being read whole and refused afterwards.
 */
export class TextBudget {
  readonly limit: number;
  #spent = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  get spent(): number {
    return this.#spent;
  }

  /** Spends the text of blocks a library produced whole (a slide, a sheet, a document's AST). */
  spendBlocks(blocks: ReadonlyArray<{ text: string }>): void {
    this.spend(blocks.reduce((sum, block) => sum + block.text.length, 0));
  }

  /** Throws TOO_LARGE once the document has yielded more than the limit. */
  spend(characters: number): void {
    this.#spent += characters;
    if (this.#spent > this.limit) {
      throw parseError(
        "TOO_LARGE",
        `the document has more than ${this.limit} characters of text; the limit is ${this.limit} (MAX_DOCUMENT_CHARACTERS)`,
      );
    }
  }
}
