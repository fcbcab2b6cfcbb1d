import type { TextBlock } from "@docworker/core";
import { decodeHTML } from "entities";
import { Lexer, type Token, type Tokens } from "marked";
import { rowsToTableBlocks } from "../blocks/table-blocks.ts";
import type { FormatParser } from "../format-parser.ts";
import { htmlToBlocks } from "../html/html-to-blocks.ts";
import type { HtmlBudget } from "../html/parse-html-dom.ts";
import { decodeText } from "../text/decode-text.ts";
import { normaliseCode, normaliseInline } from "../text/normalise-whitespace.ts";

/** Markdown through marked's lexer: `#` headings keep their level, lists, tables and code keep their kind. */
export const parseMarkdown: FormatParser = async ({ bytes, budget, limits }) => {
  const { text } = decodeText(bytes);
  budget.spend(text.length);
  const tokens = new Lexer({ gfm: true }).lex(text);
  // The source was paid for above; embedded HTML is only held to the nesting limit.
  return { blocks: tokensToBlocks(tokens, { maxDepth: limits.maxHtmlDepth }) };
};

function tokensToBlocks(tokens: Token[], html: HtmlBudget): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case "heading": {
        const heading = token as Tokens.Heading;
        const text = normaliseInline(inlineText(heading.tokens));
        if (text) blocks.push({ kind: "heading", text, level: heading.depth });
        break;
      }
      case "paragraph":
      case "text": {
        const text = normaliseInline(blockTokenText(token as Tokens.Generic));
        if (text) blocks.push({ kind: "paragraph", text });
        break;
      }
      case "list": {
        const text = listLines(token as Tokens.List, 0).join("\n");
        if (text) blocks.push({ kind: "list", text });
        break;
      }
      case "code": {
        const text = normaliseCode((token as Tokens.Code).text);
        if (text.trim()) blocks.push({ kind: "code", text });
        break;
      }
      case "table": {
        const table = token as Tokens.Table;
        const cellText = (cell: Tokens.TableCell) => inlineText(cell.tokens, cell.text);
        blocks.push(...rowsToTableBlocks([table.header.map(cellText), ...table.rows.map((row) => row.map(cellText))]));
        break;
      }
      case "blockquote":
        blocks.push(...tokensToBlocks((token as Tokens.Blockquote).tokens, html));
        break;
      case "html":
        blocks.push(...htmlToBlocks(token.text, html).blocks);
        break;
      default:
        // space, hr and link definitions carry no text.
        break;
    }
  }
  return blocks;
}

// An inline HTML token is a single tag or a short run of them.
const INLINE_HTML: HtmlBudget = { maxDepth: 64 };

/** Inline tokens to plain text: emphasis and links lose their markup, images keep their alt text. */
function inlineText(tokens: Token[], fallback = ""): string {
  if (tokens.length === 0) return decodeHTML(fallback);
  return tokens
    .map((token) => {
      switch (token.type) {
        case "br":
          return " ";
        case "checkbox":
          return "";
        case "html":
          return htmlToBlocks(token.text, INLINE_HTML)
            .blocks.map((block) => block.text)
            .join(" ");
        case "codespan":
        case "escape":
          return decodeHTML(token.text);
        default: {
          const generic = token as Tokens.Generic;
          return generic.tokens && generic.tokens.length > 0
            ? inlineText(generic.tokens)
            : decodeHTML(String(generic.text ?? ""));
        }
      }
    })
    .join("");
}

function blockTokenText(token: Tokens.Generic): string {
  if (token.type === "checkbox") return "";
  return inlineText(token.tokens ?? [], String(token.text ?? ""));
}

function listLines(list: Tokens.List, depth: number): string[] {
  const lines: string[] = [];
  const start = typeof list.start === "number" ? list.start : 1;
  list.items.forEach((item, index) => {
    const marker = list.ordered ? `${start + index}.` : "-";
    const checkbox = item.task ? (item.checked ? "[x] " : "[ ] ") : "";
    const own = item.tokens.filter((token) => token.type !== "list");
    const text = normaliseInline(own.map((token) => blockTokenText(token as Tokens.Generic)).join(" "));
    if (text) lines.push(`${"  ".repeat(depth)}${marker} ${checkbox}${text}`);
    for (const nested of item.tokens) {
      if (nested.type === "list") lines.push(...listLines(nested as Tokens.List, depth + 1));
    }
  });
  return lines;
}
