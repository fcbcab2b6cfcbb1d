import { styleText } from "node:util";

type Format = Parameters<typeof styleText>[0];

/** Terminal styling that is a no-op when colour is off, so renderers need no branches. */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

export function createStyle(enabled: boolean): Style {
  // The caller decided about the stream already (see colorEnabled), so styleText must not re-check.
  const paint = (format: Format) => (text: string) =>
    enabled && text ? styleText(format, text, { validateStream: false }) : text;
  return {
    enabled,
    bold: paint("bold"),
    dim: paint("dim"),
    red: paint("red"),
    green: paint("green"),
    yellow: paint("yellow"),
  };
}

/** Colours a document status the way a reader scans for it: failures red, done green. */
export function paintStatus(style: Style, status: string): string {
  if (status === "PROCESSED") return style.green(status);
  if (status === "FAILED" || status === "UPLOAD_FAILED") return style.red(status);
  if (status === "DELETED") return style.dim(status);
  return style.yellow(status);
}
