/**
 * Builds UpdateItem expressions with every name behind a placeholder: DynamoDB reserves hundreds
 * of words (status, size, source, version, token, ...), and aliasing all of them avoids the list.
 */
export class UpdateBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  readonly #sets: string[] = [];
  readonly #removes: string[] = [];
  readonly #nameIds = new Map<string, string>();
  #valueCount = 0;

  /** A path such as "lease.token" as placeholders ("#n0.#n1"). */
  path(path: string): string {
    return path
      .split(".")
      .map((part) => {
        let id = this.#nameIds.get(part);
        if (!id) {
          id = `#n${this.#nameIds.size}`;
          this.#nameIds.set(part, id);
          this.names[id] = part;
        }
        return id;
      })
      .join(".");
  }

  value(value: unknown): string {
    const id = `:v${this.#valueCount++}`;
    this.values[id] = value;
    return id;
  }

  /** SET when the value is defined, REMOVE when it is undefined. */
  set(path: string, value: unknown): this {
    if (value === undefined) this.#removes.push(this.path(path));
    else this.#sets.push(`${this.path(path)} = ${this.value(value)}`);
    return this;
  }

  remove(...paths: string[]): this {
    for (const path of paths) this.#removes.push(this.path(path));
    return this;
  }

  increment(path: string, by = 1): this {
    const name = this.path(path);
    this.#sets.push(`${name} = if_not_exists(${name}, ${this.value(0)}) + ${this.value(by)}`);
    return this;
  }

  expression(): string {
    const parts: string[] = [];
    if (this.#sets.length) parts.push(`SET ${this.#sets.join(", ")}`);
    if (this.#removes.length) parts.push(`REMOVE ${this.#removes.join(", ")}`);
    return parts.join(" ");
  }
}
