// The HTTP API's contract: each wire shape once, as a TypeBox schema (the API validates requests
// and documents /openapi.json with it) and its Static type of the same name (what the route,
// the CLI and the web UI are typed by). A field added here is seen by all of them at once.
export * from "./document.ts";
export * from "./document-content.ts";
export * from "./problem.ts";
export * from "./reprocess.ts";
export * from "./search.ts";
export * from "./ui-config.ts";
