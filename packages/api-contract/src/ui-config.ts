import { type Static, Type } from "typebox";

/** What the browser needs to sign in: nothing on the embedded default, the app client on AWS. */
export const BrowserAuth = Type.Union([
  Type.Object({ mode: Type.Literal("none") }),
  Type.Object({
    mode: Type.Literal("cognito"),
    clientId: Type.String(),
    region: Type.String(),
    endpoint: Type.String(),
  }),
]);

/** GET /ui-config.json: the web UI's settings, served beside it. */
export const UiConfig = Type.Object({ auth: BrowserAuth, maxDocumentBytes: Type.Integer({ minimum: 1 }) });

export type BrowserAuth = Static<typeof BrowserAuth>;
export type UiConfig = Static<typeof UiConfig>;
