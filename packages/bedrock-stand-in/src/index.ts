export { type CallCounts, CallLog, type ModelOperation, type RecordedCall } from "./call-log.ts";
export { type FaultSettings, Faults, NO_FAULTS } from "./faults.ts";
export { DEFAULT_LIMITS, type StandInLimits } from "./limits.ts";
export { type BedrockStandIn, type BedrockStandInOptions, startBedrockStandIn } from "./stand-in-server.ts";
export { type BedrockErrorType, BedrockWireError } from "./wire-error.ts";
