// Rewrites README's configuration table from the settings schemas; `make test` fails while the
// README differs from what this writes (tests/e2e/readme-settings.test.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { settingsTable, withSettingsTable } from "../../tests/support/settings-catalog.ts";

const readme = join(import.meta.dirname, "../../README.md");
const table = settingsTable();
writeFileSync(readme, withSettingsTable(readFileSync(readme, "utf8"), table));
process.stdout.write(`README.md: ${table.split("\n").length - 2} settings\n`);
