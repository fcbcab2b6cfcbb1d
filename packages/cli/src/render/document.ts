import type { ApiDocument } from "../api-types.ts";
import { paintStatus, type Style } from "./style.ts";
import { formatBytes, sanitize, truncate } from "./text.ts";

/** `docworker status`: one field a line, labels aligned; absent fields are left out. */
export function formatDocument(document: ApiDocument, style: Style): string {
  const fields: [string, string | undefined][] = [
    ["documentId", document.documentId],
    ["filename", sanitize(document.filename)],
    ["status", paintStatus(style, document.status)],
    ["error", document.error ? formatError(document.error, style) : undefined],
    ["contentType", document.contentType],
    ["size", document.size === undefined ? undefined : formatBytes(document.size)],
    ["pages", document.pages?.toString()],
    ["chunks", document.chunkCount?.toString()],
    ["recognition", document.recognition ? formatRecognition(document.recognition) : undefined],
    ["attempts", document.attempts?.toString()],
    ["usage", document.usage ? formatUsage(document.usage) : undefined],
    ["metadata", formatMetadata(document.metadata)],
    ["created", document.createdAt],
    ["updated", document.updatedAt],
    ["processed", document.processedAt],
  ];
  const lines = fields.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== "");
  const width = Math.max(...lines.map(([label]) => label.length));
  const out = lines.map(([label, value]) => `${style.dim(label.padEnd(width))}  ${value}`);
  if (document.extraction) out.push("", ...formatExtraction(document.extraction, style));
  return out.join("\n");
}

function formatRecognition(recognition: NonNullable<ApiDocument["recognition"]>): string {
  const parts = [`${recognition.engine}, confidence ${recognition.meanConfidence}`];
  if (recognition.lowConfidencePages.length > 0) parts.push(`low on page ${recognition.lowConfidencePages.join(", ")}`);
  if (recognition.pagesWithoutText) parts.push(`no text found on page ${recognition.pagesWithoutText.join(", ")}`);
  return parts.join("; ");
}

function formatError(error: NonNullable<ApiDocument["error"]>, style: Style): string {
  const retry = error.retryable ? " (transient; will be retried)" : "";
  return `${style.red(error.code)}: ${sanitize(error.message)}${retry}`;
}

function formatUsage(usage: ApiDocument["usage"]): string {
  const tokens = `input ${usage.inputTokens} · output ${usage.outputTokens} · embedding ${usage.embeddingTokens} tokens`;
  return usage.estimatedCostUsd === undefined ? tokens : `${tokens} · ~$${usage.estimatedCostUsd.toFixed(4)}`;
}

function formatMetadata(metadata: Record<string, string> | undefined): string | undefined {
  const entries = Object.entries(metadata ?? {});
  return entries.length === 0 ? undefined : entries.map(([k, v]) => sanitize(`${k}=${v}`)).join(", ");
}

const MAX_FIELDS = 12;

/** A summary of the extracted JSON: who made it, then each top-level field with a short preview. */
function formatExtraction(extraction: NonNullable<ApiDocument["extraction"]>, style: Style): string[] {
  const by = [extraction.extractor, extraction.model].filter(Boolean).join(" / ");
  const entries = Object.entries(extraction.data ?? {});
  const lines = [`${style.bold("extraction")}  ${by} · schema ${extraction.schemaId} · ${entries.length} fields`];
  const width = Math.min(24, Math.max(0, ...entries.map(([key]) => key.length)));
  for (const [key, value] of entries.slice(0, MAX_FIELDS)) {
    lines.push(`  ${style.dim(key.padEnd(width))}  ${truncate(sanitize(preview(value)), 100)}`);
  }
  if (entries.length > MAX_FIELDS) lines.push(`  … ${entries.length - MAX_FIELDS} more (use --json for all)`);
  return lines;
}

function preview(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const items = value.slice(0, 5).map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
    return `[${value.length}] ${items.join("; ")}${value.length > 5 ? "; …" : ""}`;
  }
  return JSON.stringify(value) ?? String(value);
}
