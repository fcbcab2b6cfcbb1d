// The Terraform in deploy/ wires what the pipeline needs: parsed with @cdktf/hcl2json, no
// provider and no AWS account involved.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Body,
  block,
  blocks,
  loadTerraform,
  mentions,
  ROOT,
  ref,
  resource,
  strings,
  type Terraform,
} from "./support/terraform.ts";

let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

describe("S3 -> EventBridge -> SQS", () => {
  it("sends raw-input events to EventBridge", () => {
    const notification = resource(tf, "aws_s3_bucket_notification", "raw");
    expect(notification.eventbridge).toBe(true);
    expect(notification.bucket).toBe(ref("aws_s3_bucket.raw.id"));
  });

  it("has a rule for Object Created / Object Deleted on the raw bucket that targets the ingest queue", () => {
    const rule = resource(tf, "aws_cloudwatch_event_rule", "raw_object_events");
    for (const needle of ['"aws.s3"', '"Object Created"', '"Object Deleted"', "aws_s3_bucket.raw.id"]) {
      expect(mentions(rule.event_pattern, needle), needle).toBe(true);
    }
    const target = resource(tf, "aws_cloudwatch_event_target", "ingest_queue");
    expect(target.rule).toBe(ref("aws_cloudwatch_event_rule.raw_object_events.name"));
    expect(target.arn).toBe(ref("aws_sqs_queue.ingest.arn"));
  });

  it("lets only that rule send to the queue (aws:SourceArn)", () => {
    const policy = tf.data.aws_iam_policy_document?.ingest_queue as Body;
    const statement = block(policy, "statement");
    expect(statement.actions).toEqual(["sqs:SendMessage"]);
    expect(block(statement, "principals").identifiers).toEqual(["events.amazonaws.com"]);
    const condition = block(statement, "condition");
    expect(condition.variable).toBe("aws:SourceArn");
    expect(condition.values).toEqual([ref("aws_cloudwatch_event_rule.raw_object_events.arn")]);
    expect(resource(tf, "aws_sqs_queue_policy", "ingest").queue_url).toBe(ref("aws_sqs_queue.ingest.id"));
  });

  it("gives the queue a DLQ with redrive, long polling and KMS, and lets EventBridge use the key", () => {
    const queue = resource(tf, "aws_sqs_queue", "ingest");
    expect(mentions(queue.redrive_policy, "aws_sqs_queue.dlq.arn")).toBe(true);
    expect(mentions(queue.redrive_policy, "maxReceiveCount")).toBe(true);
    expect(queue.receive_wait_time_seconds).toBe(20);
    expect(queue.kms_master_key_id).toBe(ref("aws_kms_key.data.arn"));
    expect(resource(tf, "aws_sqs_queue", "dlq").kms_master_key_id).toBe(ref("aws_kms_key.data.arn"));
    const keyPolicy = blocks(tf.data.aws_iam_policy_document?.data_key, "statement");
    const events = keyPolicy.find((s) => mentions(s.principals, "events.amazonaws.com"));
    expect(events?.actions).toEqual(expect.arrayContaining(["kms:GenerateDataKey", "kms:Decrypt"]));
  });

  it("alarms when the DLQ holds any message", () => {
    const alarm = resource(tf, "aws_cloudwatch_metric_alarm", "dlq_not_empty");
    expect(alarm.dimensions).toEqual({ QueueName: ref("aws_sqs_queue.dlq.name") });
    expect(alarm.metric_name).toBe("ApproximateNumberOfMessagesVisible");
    expect(alarm.comparison_operator).toBe("GreaterThanThreshold");
    expect(alarm.threshold).toBe(0);
    expect(alarm.alarm_actions).toBe(ref("local.alarm_actions"));
  });
});

describe("buckets", () => {
  for (const bucket of ["raw", "processed"]) {
    it(`${bucket}: SSE-KMS, versioned, public access blocked, TLS only, lifecycle`, () => {
      resource(tf, "aws_s3_bucket", bucket);
      expect(mentions(tf.locals.data_buckets, `aws_s3_bucket.${bucket}`)).toBe(true);
      const sse = block(
        block(resource(tf, "aws_s3_bucket_server_side_encryption_configuration", "data"), "rule"),
        "apply_server_side_encryption_by_default",
      );
      expect(sse).toMatchObject({ sse_algorithm: "aws:kms", kms_master_key_id: ref("aws_kms_key.data.arn") });
      expect(resource(tf, "aws_s3_bucket_server_side_encryption_configuration", "data").for_each).toBe(
        ref("local.data_buckets"),
      );
      const versioning = resource(tf, "aws_s3_bucket_versioning", "data");
      expect(versioning.for_each).toBe(ref("local.data_buckets"));
      expect(block(versioning, "versioning_configuration").status).toBe("Enabled");
      const pab = resource(tf, "aws_s3_bucket_public_access_block", "data");
      expect(pab.for_each).toBe(ref("local.data_buckets"));
      for (const flag of [
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
      ]) {
        expect(pab[flag], flag).toBe(true);
      }
      const policy = tf.data.aws_iam_policy_document?.data_bucket as Body;
      const deny = blocks(policy, "statement").find((s) => s.sid === "DenyInsecureTransport");
      expect(deny?.effect).toBe("Deny");
      expect(block(deny, "condition")).toMatchObject({ variable: "aws:SecureTransport", values: ["false"] });
      expect(resource(tf, "aws_s3_bucket_lifecycle_configuration", bucket).bucket).toBe(
        ref(`aws_s3_bucket.${bucket}.id`),
      );
    });
  }

  it("rotates every KMS key", () => {
    for (const [name, key] of Object.entries(tf.resource.aws_kms_key ?? {})) {
      expect(key.enable_key_rotation, name).toBe(true);
    }
  });
});

describe("metadata table", () => {
  it("has the keys and GSIs of packages/dev-provisioning/src/ensure-metadata-table.ts, PITR and SSE-KMS", () => {
    const source = readFileSync(join(ROOT, "packages/dev-provisioning/src/ensure-metadata-table.ts"), "utf8");
    const itemSource = readFileSync(join(ROOT, "packages/aws/src/dynamodb/document-item.ts"), "utf8");
    const table = resource(tf, "aws_dynamodb_table", "metadata");
    const attributes = Object.fromEntries(blocks(table, "attribute").map((a) => [a.name, a.type]));
    const expected = [...source.matchAll(/AttributeName: "(\w+)", AttributeType: "(\w)"/g)].map((m) => [m[1], m[2]]);
    expect(attributes).toEqual(Object.fromEntries(expected));
    expect([table.hash_key, table.range_key]).toEqual(["pk", "sk"]);
    const constants = Object.fromEntries(
      [...itemSource.matchAll(/export const (INDEX_\w+) = "(\w+)"/g)].map((m) => [m[1], m[2]]),
    );
    const gsis = blocks(table, "global_secondary_index");
    expect(gsis.find((g) => g.name === constants.INDEX_BY_UPDATED)).toMatchObject({
      hash_key: "pk",
      range_key: "listKey",
      projection_type: "ALL",
    });
    expect(gsis.find((g) => g.name === constants.INDEX_BY_STATUS)).toMatchObject({
      hash_key: "statusKey",
      range_key: "listKey",
      projection_type: "ALL",
    });
    expect(table.billing_mode).toBe("PAY_PER_REQUEST");
    expect(block(table, "point_in_time_recovery").enabled).toBe(true);
    // PENDING records never uploaded expire through the attribute the adapter writes.
    const ttlAttribute = itemSource.match(/export const TTL_ATTRIBUTE = "(\w+)"/)?.[1];
    expect(block(table, "ttl")).toEqual({ attribute_name: ttlAttribute, enabled: true });
    expect(block(table, "server_side_encryption")).toMatchObject({
      enabled: true,
      kms_key_arn: ref("aws_kms_key.data.arn"),
    });
  });
});

describe("compute", () => {
  it("scales the worker on queue backlog per running task, from zero", () => {
    const target = resource(tf, "aws_appautoscaling_target", "worker");
    expect(target.min_capacity).toBe(ref("var.worker_min_tasks"));
    expect(tf.variable.worker_min_tasks?.default).toBe(0);
    const tracking = block(
      resource(tf, "aws_appautoscaling_policy", "worker_backlog_per_task"),
      "target_tracking_scaling_policy_configuration",
    );
    const metrics = blocks(block(tracking, "customized_metric_specification"), "metrics");
    const metricOf = (id: string) =>
      block(
        block(
          metrics.find((m) => m.id === id),
          "metric_stat",
        ),
        "metric",
      );
    expect(metricOf("visible")).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
    });
    expect(mentions(metricOf("visible"), "aws_sqs_queue.ingest.name")).toBe(true);
    expect(metricOf("running")).toMatchObject({ namespace: "ECS/ContainerInsights", metric_name: "RunningTaskCount" });
    const expression = metrics.find((m) => m.return_data === true);
    expect(expression?.expression).toMatch(/visible \/ FILL\(running, 0\)/);
    // Target tracking cannot leave zero tasks: a step policy on "messages but no task" does.
    const fromZero = resource(tf, "aws_cloudwatch_metric_alarm", "worker_idle_with_backlog");
    expect(fromZero.alarm_actions).toEqual([ref("aws_appautoscaling_policy.worker_from_zero.arn")]);
    expect(resource(tf, "aws_appautoscaling_policy", "worker_from_zero").policy_type).toBe("StepScaling");
  });

  it("runs both tasks on ARM64 Fargate, non-root, read-only root fs, with a 120 s worker stop timeout", () => {
    const task = resource(tf, "aws_ecs_task_definition", "service");
    expect(block(task, "runtime_platform").cpu_architecture).toBe("ARM64");
    const containers = tf.text["compute.tf"] ?? "";
    expect(containers).toMatch(/readonlyRootFilesystem\s*=\s*true/);
    expect(containers).toMatch(/user\s*=\s*local\.container_user/);
    expect(tf.locals.container_user).toBe("1000:1000");
    expect(containers).toMatch(/stopTimeout\s*=\s*local\.worker_stop_timeout_seconds/);
    expect(tf.locals.worker_stop_timeout_seconds).toBe(120);
    // The worker's shutdown grace ends before ECS's SIGKILL, leaving time to hand messages back.
    expect(tf.locals.worker_shutdown_grace_seconds).toBe(ref("local.worker_stop_timeout_seconds - 15"));
    expect(mentions(tf.locals.service_environment, "WORKER_SHUTDOWN_GRACE_SECONDS")).toBe(true);
    for (const name of ["worker", "api"]) {
      const service = resource(tf, "aws_ecs_service", name);
      expect(block(service, "deployment_circuit_breaker")).toMatchObject({ enable: true, rollback: true });
      expect(block(service, "network_configuration")).toMatchObject({
        assign_public_ip: false,
        subnets: ref("local.private_subnet_ids"),
      });
    }
  });

  it("sets every environment variable the AWS wiring requires", () => {
    const text = strings([tf.locals.common_environment, tf.locals.service_environment]).join("\n");
    for (const name of [
      "DOCWORKER_ADAPTERS",
      "RAW_BUCKET",
      "PROCESSED_BUCKET",
      "METADATA_TABLE",
      "OPENSEARCH_URL",
      "OPENSEARCH_INDEX",
      "OPENSEARCH_SERVERLESS",
      "S3_KMS_KEY_ID",
      "BEDROCK_EMBEDDING_MODEL_ID",
      "BEDROCK_EXTRACTION_MODEL_ID",
      "INGEST_QUEUE_URL",
      "DLQ_URL",
      "COGNITO_USER_POOL_ID",
      "COGNITO_CLIENT_ID",
      "TENANT_CLAIM",
      "PORT",
      "HOST",
      "LOG_LEVEL",
    ]) {
      expect(text, name).toContain(name);
    }
  });
});

describe("API edge", () => {
  it("serves HTTPS with a TLS 1.3 policy and redirects HTTP, health-checks /health, logs access", () => {
    const https = resource(tf, "aws_lb_listener", "https");
    expect(https).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      certificate_arn: ref("var.certificate_arn"),
      ssl_policy: ref("var.alb_tls_policy"),
    });
    const redirect = block(block(resource(tf, "aws_lb_listener", "http_redirect"), "default_action"), "redirect");
    expect(redirect).toMatchObject({ protocol: "HTTPS", port: "443", status_code: "HTTP_301" });
    expect(block(resource(tf, "aws_lb_target_group", "api"), "health_check").path).toBe("/health");
    expect(block(resource(tf, "aws_lb", "api"), "access_logs").enabled).toBe(true);
  });

  it("defines the Cognito custom:tenant attribute and a CLI client with USER_PASSWORD_AUTH", () => {
    const schema = block(resource(tf, "aws_cognito_user_pool", "this"), "schema");
    expect(schema.name).toBe("tenant");
    const client = resource(tf, "aws_cognito_user_pool_client", "cli");
    expect(client.explicit_auth_flows).toContain("ALLOW_USER_PASSWORD_AUTH");
    expect(client.generate_secret).toBe(false);
    expect(client.write_attributes).not.toContain("custom:tenant");
    expect(tf.variable.tenant_claim?.default).toBe("custom:tenant");
  });
});

describe("monitoring", () => {
  it("has every alarm the issue asks for, all to the SNS topic", () => {
    for (const name of [
      "dlq_not_empty",
      "oldest_message_age",
      "worker_task_failures",
      "api_5xx_rate",
      "api_p95_latency",
      "bedrock_throttles",
    ]) {
      expect(resource(tf, "aws_cloudwatch_metric_alarm", name).alarm_actions, name).toBe(ref("local.alarm_actions"));
    }
    expect(tf.locals.alarm_actions).toEqual([ref("aws_sns_topic.alarms.arn")]);
    expect(resource(tf, "aws_cloudwatch_metric_alarm", "api_p95_latency").extended_statistic).toBe("p95");
  });

  it("keeps OpenSearch standby replicas a setting, off in dev", async () => {
    const collection = resource(tf, "aws_opensearchserverless_collection", "chunks");
    expect(collection.type).toBe("VECTORSEARCH");
    expect(collection.standby_replicas).toContain("var.opensearch_standby_replicas");
    const { loadTfvars } = await import("./support/terraform.ts");
    expect((await loadTfvars(join(ROOT, "deploy/environments/dev/terraform.tfvars"))).opensearch_standby_replicas).toBe(
      false,
    );
  });
});
