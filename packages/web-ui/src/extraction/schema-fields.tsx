// The extraction shown as fields, in the schema's order, labelled by the schema's titles and
// described by its descriptions; values the schema does not describe are shown after them.
type Schema = Record<string, unknown>;

function asSchema(value: unknown): Schema {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Schema) : {};
}

export function humanize(name: string): string {
  const spaced = name.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The fields to show: the schema's properties first (in its order), then any extra keys. */
export function fieldOrder(schema: Schema, data: Record<string, unknown>): { name: string; schema: Schema }[] {
  const properties = asSchema(schema.properties);
  const known = Object.keys(properties).map((name) => ({ name, schema: asSchema(properties[name]) }));
  const extra = Object.keys(data)
    .filter((name) => !(name in properties))
    .map((name) => ({ name, schema: {} }));
  return [...known, ...extra];
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

function Value({ value, schema }: { value: unknown; schema: Schema }) {
  if (isEmpty(value)) return <span class="muted">none</span>;
  if (Array.isArray(value)) {
    const items = asSchema(schema.items);
    if (value.every((item) => typeof item !== "object" || item === null))
      return (
        <ul class="value-list">
          {value.map((item, i) => (
            <li key={i}>{String(item)}</li>
          ))}
        </ul>
      );
    return (
      <ul class="value-records">
        {value.map((item, i) => (
          <li key={i}>
            <Value value={item} schema={items} />
          </li>
        ))}
      </ul>
    );
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    return (
      <dl class="fields nested">
        {fieldOrder(schema, record)
          .filter((field) => !isEmpty(record[field.name]))
          .map((field) => (
            <div key={field.name}>
              <dt>{String(field.schema.title ?? humanize(field.name))}</dt>
              <dd>
                <Value value={record[field.name]} schema={field.schema} />
              </dd>
            </div>
          ))}
      </dl>
    );
  }
  if (typeof value === "boolean") return <span>{value ? "yes" : "no"}</span>;
  return <span>{String(value)}</span>;
}

export function SchemaFields({ schema, data }: { schema: Schema | undefined; data: Record<string, unknown> }) {
  const root = asSchema(schema);
  return (
    <dl class="fields">
      {fieldOrder(root, data).map((field) => (
        <div key={field.name}>
          <dt>
            {String(field.schema.title ?? humanize(field.name))}
            {typeof field.schema.description === "string" ? (
              <span class="field-help">{field.schema.description}</span>
            ) : null}
          </dt>
          <dd>
            <Value value={data[field.name]} schema={field.schema} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Record fields this page does not know (a newer API's), shown plainly instead of dropped. */
export function ExtraFields({ record, known }: { record: Record<string, unknown>; known: readonly string[] }) {
  const extra = Object.keys(record).filter((key) => !known.includes(key));
  if (extra.length === 0) return null;
  return (
    <section aria-labelledby="extra-fields">
      <h2 id="extra-fields">More</h2>
      <dl class="fields">
        {extra.map((key) => (
          <div key={key}>
            <dt>{humanize(key)}</dt>
            <dd>
              <Value value={record[key]} schema={{}} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
