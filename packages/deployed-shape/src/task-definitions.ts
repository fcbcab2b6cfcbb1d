import { DescribeTaskDefinitionCommand, ECSClient, type ECSClientConfig } from "@aws-sdk/client-ecs";

/** What ECS would start for one service: its container's environment, secrets and task role. */
export interface ServiceTask {
  service: string;
  taskDefinitionArn: string;
  taskRoleArn: string;
  executionRoleArn: string;
  environment: Record<string, string>;
  /** name -> SSM parameter or Secrets Manager ARN, resolved at start by the execution role. */
  secrets: Record<string, string>;
  /** SIGTERM to SIGKILL, as ECS applies it (ECS's default is 30 s). */
  stopTimeoutSeconds: number;
}

/** Reads a service's task definition back from ECS (the newest revision of its family). */
export async function describeServiceTask(
  config: ECSClientConfig,
  family: string,
  service: string,
): Promise<ServiceTask> {
  const ecs = new ECSClient(config);
  try {
    const { taskDefinition } = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }));
    const container = taskDefinition?.containerDefinitions?.find((c) => c.name === service);
    if (!taskDefinition?.taskDefinitionArn || !container) {
      throw new Error(`task definition ${family} has no container named ${service}`);
    }
    if (!taskDefinition.taskRoleArn || !taskDefinition.executionRoleArn) {
      throw new Error(`task definition ${family} has no task or execution role`);
    }
    return {
      service,
      taskDefinitionArn: taskDefinition.taskDefinitionArn,
      taskRoleArn: taskDefinition.taskRoleArn,
      executionRoleArn: taskDefinition.executionRoleArn,
      environment: Object.fromEntries((container.environment ?? []).map((e) => [e.name ?? "", e.value ?? ""])),
      secrets: Object.fromEntries((container.secrets ?? []).map((s) => [s.name, s.valueFrom])),
      stopTimeoutSeconds: container.stopTimeout ?? 30,
    };
  } finally {
    ecs.destroy();
  }
}
