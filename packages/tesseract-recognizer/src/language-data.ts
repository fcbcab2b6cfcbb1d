import { existsSync, mkdtempSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/**
 * The folder tesseract.js loads `<code>.traineddata.gz` from, for these languages: the
 * @tesseract.js-data/<code> packages in node_modules, so nothing is fetched at run time.
 * `best_int` holds the integer LSTM models (what LSTM-only recognition loads), the plain folder
 * the models with the legacy engine, which orientation detection needs. tesseract.js takes one
 * folder for all languages, and each package has its own: several languages get a folder of links.
 */
export function languageFolder(codes: string[], variant: "lstm" | "legacy"): string {
  const files = codes.map((code) => modelFile(code, variant));
  if (files.length === 1) return dirname(files[0] as string);
  const folder = mkdtempSync(join(tmpdir(), "docworker-tessdata-"));
  for (const [index, file] of files.entries()) symlinkSync(file, join(folder, `${codes[index]}.traineddata.gz`));
  return folder;
}

/** Throws a configuration error when a language (or orientation detection) has no data installed. */
export function assertLanguageData(codes: string[]): void {
  for (const code of codes.length > 0 ? codes : ["eng"]) modelFile(code, "lstm");
  modelFile("osd", "legacy");
}

function modelFile(code: string, variant: "lstm" | "legacy"): string {
  if (!/^[a-z_]{3,12}$/i.test(code))
    throw new Error(`invalid configuration: "${code}" is not a Tesseract language code`);
  let root: string;
  try {
    root = dirname(require.resolve(`@tesseract.js-data/${code}/package.json`));
  } catch {
    throw new Error(
      `invalid configuration: no language data for "${code}"; add the npm package @tesseract.js-data/${code} to packages/tesseract-recognizer`,
    );
  }
  const file = join(root, variant === "lstm" ? "4.0.0_best_int" : "4.0.0", `${code}.traineddata.gz`);
  if (!existsSync(file)) throw new Error(`invalid configuration: @tesseract.js-data/${code} has no ${variant} model`);
  return file;
}
