export { type FaultSettings, Faults } from "./faults.ts";
export { startTextractStandIn, type TextractStandIn, type TextractStandInOptions } from "./stand-in-server.ts";
