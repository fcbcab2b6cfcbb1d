import { type Static, Type } from "typebox";

/** RFC 9457 problem details, plus a stable machine-readable `code`: every error the API sends. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String({ description: "Stable error code clients can branch on." }),
  },
  { $id: "Problem" },
);
export type Problem = Static<typeof Problem>;
