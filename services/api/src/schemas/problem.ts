import { Type } from "typebox";

/** RFC 9457 problem details, plus a stable machine-readable `code`. */
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

export const problemResponses = {
  400: Type.Ref("Problem"),
  401: Type.Ref("Problem"),
  404: Type.Ref("Problem"),
  500: Type.Ref("Problem"),
};
