import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";

/**
 * The upload-signing secret: generated on first start and kept in the data directory (mode 0600)
 * so URLs signed before a restart stay valid after it. Written to a temporary file and linked into
 * place, which fails if the file exists: when two processes start together, one secret wins and
 * neither can read a half-written file.
 */
export function loadOrCreateSigningSecret(file: string): string {
  const temporary = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temporary, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  chmodSync(file, 0o600);
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32) throw new Error(`the upload signing secret in ${file} is too short`);
  return secret;
}
