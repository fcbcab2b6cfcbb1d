import { type TObject, type TSchema, Type } from "typebox";
import type { SettingDoc } from "./env-settings.ts";

/** A group of settings one loader reads: its schema, keyed by variable name. */
export interface SettingsConcern {
  title: string;
  schema: TObject;
}

export interface SettingsRow {
  variable: string;
  default: string;
  meaning: string;
  readBy: string;
}

type Documented = TSchema & Partial<SettingDoc> & { default?: unknown; description?: string };

/** One row per variable, in the concerns' order; a variable two concerns read is listed once. */
export function settingsRows(concerns: readonly SettingsConcern[]): SettingsRow[] {
  const rows = new Map<string, SettingsRow>();
  for (const concern of concerns) {
    for (const [variable, schema] of Object.entries(concern.schema.properties) as [string, Documented][]) {
      if (rows.has(variable)) continue;
      rows.set(variable, {
        variable: `\`${variable}\``,
        default: schema.defaultText ?? defaultOf(schema),
        meaning: schema.description ?? "",
        readBy: (schema.readBy ?? []).join(", "),
      });
    }
  }
  return [...rows.values()];
}

function defaultOf(schema: Documented): string {
  const value = schema.default;
  if (value === undefined) return Type.IsOptional(schema) ? "none" : "required";
  return `\`${Array.isArray(value) ? value.join("+") : String(value)}\``;
}

/** README's configuration table, columns padded as a formatter would lay them out. */
export function renderSettingsTable(concerns: readonly SettingsConcern[]): string {
  const header: SettingsRow = { variable: "Variable", default: "Default", meaning: "Meaning", readBy: "Read by" };
  const keys = ["variable", "default", "meaning", "readBy"] as const;
  const rows = [header, ...settingsRows(concerns)].map((row) => keys.map((key) => row[key].replaceAll("|", "\\|")));
  const widths = keys.map((_, i) => Math.max(3, ...rows.map((cells) => cells[i]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const [head, ...body] = rows as [string[], ...string[][]];
  return [line(head), line(widths.map((width) => "-".repeat(width))), ...body.map(line)].join("\n");
}
