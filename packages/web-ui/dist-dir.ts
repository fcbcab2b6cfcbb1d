import { fileURLToPath } from "node:url";

/** Where `vite build` writes the UI; the API serves this folder at `/`. */
export const webUiDistDir: string = fileURLToPath(new URL("./dist/", import.meta.url));
