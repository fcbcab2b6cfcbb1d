import type { ExtractionSchema } from "../ports/extractor.ts";
import { builtInClasses } from "./built-in-classes.ts";

/** A kind of document docworker tells apart, and the schema its extraction is made against. */
export interface DocumentClass {
  /** Lower-case identifier, e.g. "receipt"; what `POST /documents {class}` names. */
  name: string;
  /** One or two sentences a reader (or a model) can classify by. */
  description: string;
  schema: ExtractionSchema;
  /** Words and phrases typical of the class; the local classifier counts them. */
  keywords: string[];
  /** Short texts typical of the class, compared by embedding. */
  examples: string[];
}

/** The configured classes. `generic` is always present: it is what an unrecognised document gets. */
export class ClassCatalog {
  static readonly FALLBACK = "generic";
  readonly classes: readonly DocumentClass[];
  readonly #byName: Map<string, DocumentClass>;

  constructor(classes: readonly DocumentClass[]) {
    this.#byName = new Map();
    for (const cls of classes) {
      if (!/^[a-z][a-z0-9_-]{0,62}$/.test(cls.name)) {
        throw new Error(`invalid configuration: class name "${cls.name}" must match ^[a-z][a-z0-9_-]{0,62}$`);
      }
      if (this.#byName.has(cls.name)) throw new Error(`invalid configuration: class "${cls.name}" is defined twice`);
      this.#byName.set(cls.name, cls);
    }
    if (!this.#byName.has(ClassCatalog.FALLBACK)) {
      throw new Error(`invalid configuration: the classes must include "${ClassCatalog.FALLBACK}"`);
    }
    this.classes = classes;
  }

  /** The built-in classes; `generic` extracts against `genericSchema` when given. */
  static builtIn(genericSchema?: ExtractionSchema): ClassCatalog {
    return new ClassCatalog(builtInClasses(genericSchema));
  }

  get names(): string[] {
    return this.classes.map((c) => c.name);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** The class of that name, or the fallback: a record classified under a class since removed still extracts. */
  get(name: string | undefined): DocumentClass {
    return (
      (name === undefined ? undefined : this.#byName.get(name)) ??
      (this.#byName.get(ClassCatalog.FALLBACK) as DocumentClass)
    );
  }
}
