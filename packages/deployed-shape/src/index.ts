export {
  type DeployedShape,
  type DeployedShapeOptions,
  type RunningService,
  startDeployedShape,
  tail,
} from "./deployed-shape.ts";
export { type EcsAgentStandIn, type ProtectionChange, startEcsAgentStandIn } from "./ecs-agent-stand-in.ts";
export { addResourceStarCopies, createOperator, setIamEnforcement } from "./emulated-iam.ts";
export { type PresignedGateway, startPresignedGateway } from "./presigned-gateway.ts";
export { queueDepth } from "./queue-depth.ts";
export { assumeRole, type RoleCredentials } from "./task-credentials.ts";
export { describeServiceTask, type ServiceTask } from "./task-definitions.ts";
export { resolveSecrets } from "./task-secrets.ts";
