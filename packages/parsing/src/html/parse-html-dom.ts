import { type Document, DomHandler } from "domhandler";
import { Parser } from "htmlparser2";
import type { TextBudget } from "../budget/text-budget.ts";
import { parseError } from "../parse-error.ts";

export interface HtmlBudget {
  maxDepth: number;
  text?: TextBudget;
}

/**
 * A DOM handler that refuses to nest deeper than the limit and spends the text budget as text
 * arrives, so a million nested elements stop at the limit instead of being built and then walked.
 */
class BoundedDomHandler extends DomHandler {
  readonly #budget: HtmlBudget;

  constructor(budget: HtmlBudget) {
    super();
    this.#budget = budget;
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    // tagStack holds the root too.
    if (this.tagStack.length - 1 > this.#budget.maxDepth) {
      throw parseError(
        "TOO_LARGE",
        `elements nest more than ${this.#budget.maxDepth} deep; the limit is ${this.#budget.maxDepth} (MAX_HTML_DEPTH)`,
      );
    }
  }

  override ontext(data: string): void {
    this.#budget.text?.spend(data.length);
    super.ontext(data);
  }
}

/** htmlparser2's parseDocument, within the budget. */
export function parseHtmlDom(html: string, budget: HtmlBudget): Document {
  const handler = new BoundedDomHandler(budget);
  new Parser(handler).end(html);
  return handler.root;
}
