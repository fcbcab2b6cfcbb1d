import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export interface LabelledDocument {
  /** Which set it belongs to: "sroie-receipts", "generated", "shared-documents". */
  set: string;
  id: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  class: string;
  /** Gold values per field; absent for documents labelled with a class only. */
  fields?: Record<string, unknown>;
}

const CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  txt: "text/plain",
  md: "text/markdown",
  eml: "message/rfc822",
  pdf: "application/pdf",
  html: "text/html",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};
const contentType = (name: string) => CONTENT_TYPES[name.split(".").pop() ?? ""] ?? "application/octet-stream";

/** The SROIE receipts: img/NNN.jpg with key/NNN.json ({company, date, address, total}). */
export function loadSroieReceipts(dir: string, limit?: number): LabelledDocument[] {
  const ids = readdirSync(join(dir, "img"))
    .filter((name) => name.endsWith(".jpg"))
    .map((name) => name.slice(0, -4))
    .sort()
    .slice(0, limit);
  return ids.map((id) => ({
    set: "sroie-receipts",
    id,
    filename: `receipt-${id}.jpg`,
    contentType: "image/jpeg",
    bytes: new Uint8Array(readFileSync(join(dir, "img", `${id}.jpg`))),
    class: "receipt",
    fields: JSON.parse(readFileSync(join(dir, "key", `${id}.json`), "utf8")) as Record<string, unknown>,
  }));
}

/** The committed set generate-labelled-set.ts writes: invoices, contracts, e-mails with their fields. */
export function loadGeneratedSet(dir = resolve(import.meta.dirname, "../../fixtures/labelled")): LabelledDocument[] {
  const labels = JSON.parse(readFileSync(join(dir, "labels.json"), "utf8")) as {
    documents: { file: string; class: string; fields: Record<string, unknown> }[];
  };
  return labels.documents.map((d) => ({
    set: "generated",
    id: d.file,
    filename: d.file,
    contentType: contentType(d.file),
    bytes: new Uint8Array(readFileSync(join(dir, d.file))),
    class: d.class,
    fields: d.fields,
  }));
}

/** Shared documents, labelled with their class only (read by hand): what none of the classes is, is generic. */
const SHARED_CLASSES: Record<string, string> = {
  "fake-email.eml": "email",
  "fake-memo.pdf": "generic",
  "handbook-1p.docx": "generic",
  "example-10k-1p.html": "generic",
  "layout-parser-paper-fast.pdf": "generic",
  "norwich-city.txt": "generic",
  "sample-readme.md": "generic",
  "fake.docx": "generic",
  "fake-power-point.pptx": "generic",
  "multi-column-2p.pdf": "generic",
};

export function loadSharedDocuments(dir: string): LabelledDocument[] {
  return Object.entries(SHARED_CLASSES)
    .filter(([file]) => existsSync(join(dir, file)))
    .map(([file, cls]) => ({
      set: "shared-documents",
      id: file,
      filename: file,
      contentType: contentType(file),
      bytes: new Uint8Array(readFileSync(join(dir, file))),
      class: cls,
    }));
}
