export { answerControl, type Controlled } from "./control.ts";
export { readBody, type StandInRequest, type StandInResponse, sendJson } from "./http.ts";
export { type Listening, listen } from "./listen.ts";
export { WireError, wireErrorClass } from "./wire-error.ts";
