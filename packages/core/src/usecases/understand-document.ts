import { ClassCatalog } from "../classes/document-class.ts";
import { CLASSIFY_PAGES } from "../classification/head-vector.ts";
import { createLocalClassifier } from "../classification/local-classifier.ts";
import type { Classification, DocumentRecord, ExtractionResult, Usage } from "../domain/document.ts";
import type { ParsedDocument } from "../domain/parsed-document.ts";
import { locateFields } from "../evidence/locate-fields.ts";
import type { ClassificationOutput, ClassificationRequest, Classifier } from "../ports/classifier.ts";
import type { Embedder } from "../ports/embedder.ts";
import type { PipelineDependencies } from "./dependencies.ts";

export { CLASSIFY_PAGES };

const CLASSIFY_MAX_CHARS = 12_000;

export interface Understanding {
  class: string;
  classConfidence: number;
  classification: Classification;
  extraction: ExtractionResult;
  usage: Pick<Usage, "inputTokens" | "outputTokens">;
}

/**
 * Classifies the document (unless its class was named at upload), extracts it against its
 * class's schema, and assesses every field by finding its value in the text.
 */
export async function understandDocument(
  deps: Pick<PipelineDependencies, "classes" | "classifier" | "extractor" | "extractionSchema" | "embedder">,
  record: DocumentRecord,
  parsed: ParsedDocument,
  textVector?: ClassificationRequest["textVector"],
): Promise<Understanding> {
  const catalog = classCatalogOf(deps);
  const text = parsed.blocks.map((b) => b.text).join("\n\n");
  const given = record.classification?.method === "given" && record.class && catalog.has(record.class);
  let decided: Pick<ClassificationOutput, "class" | "confidence" | "reason" | "method" | "model" | "usage">;
  if (given) {
    decided = { class: record.class as string, confidence: 1, reason: "named at upload", method: "given", usage: none };
  } else {
    const firstPages = parsed.blocks
      .filter((b) => (b.page ?? 1) <= CLASSIFY_PAGES)
      .map((b) => b.text)
      .join("\n\n")
      .slice(0, CLASSIFY_MAX_CHARS);
    decided = await classifierOf(deps).classify({
      text: firstPages,
      filename: record.filename,
      mediaType: parsed.mediaType,
      classes: catalog.classes,
      ...(textVector ? { textVector } : {}),
    });
    // A classifier answering with a class it was not offered is treated as "no idea".
    if (!catalog.has(decided.class)) decided = { ...decided, class: ClassCatalog.FALLBACK, confidence: 0 };
  }
  const documentClass = catalog.get(decided.class);
  const extraction = await deps.extractor.extract({
    text,
    filename: record.filename,
    mediaType: parsed.mediaType,
    schema: documentClass.schema,
    headings: parsed.blocks.filter((b) => b.kind === "heading").map((b) => b.text),
    className: documentClass.name,
  });
  const properties = Object.keys((documentClass.schema.schema.properties ?? {}) as Record<string, unknown>);
  const fields = locateFields(extraction.data, properties, parsed.blocks, extraction.fieldConfidence);
  return {
    class: documentClass.name,
    classConfidence: decided.confidence,
    classification: {
      method: decided.method,
      ...(decided.model ? { model: decided.model } : {}),
      ...(decided.reason ? { reason: decided.reason.slice(0, 300) } : {}),
    },
    extraction: {
      extractor: extraction.extractor,
      ...(extraction.model ? { model: extraction.model } : {}),
      schemaId: documentClass.schema.id,
      data: extraction.data,
      fields,
    },
    usage: {
      inputTokens: decided.usage.inputTokens + extraction.usage.inputTokens,
      outputTokens: decided.usage.outputTokens + extraction.usage.outputTokens,
    },
  };
}

const none = { inputTokens: 0, outputTokens: 0 };
const defaultCatalogs = new WeakMap<object, ClassCatalog>();
const defaultClassifiers = new WeakMap<Embedder, Classifier>();

/** The configured classes, else the built-in ones with the configured generic schema. */
export function classCatalogOf(deps: Pick<PipelineDependencies, "classes" | "extractionSchema">): ClassCatalog {
  if (deps.classes) return deps.classes;
  const key = deps.extractionSchema ?? defaultCatalogs;
  let catalog = defaultCatalogs.get(key);
  if (!catalog) {
    catalog = ClassCatalog.builtIn(deps.extractionSchema);
    defaultCatalogs.set(key, catalog);
  }
  return catalog;
}

function classifierOf(deps: Pick<PipelineDependencies, "classifier" | "embedder">): Classifier {
  if (deps.classifier) return deps.classifier;
  let classifier = defaultClassifiers.get(deps.embedder);
  if (!classifier) {
    classifier = createLocalClassifier({ embedder: deps.embedder });
    defaultClassifiers.set(deps.embedder, classifier);
  }
  return classifier;
}
