// `make cost-estimate`: a monthly cost estimate per environment from deploy/environments/*/
// terraform.tfvars (falling back to variables.tf defaults) and the price table deploy/pricing.json.
// Prints one table per environment, its total, and the line that dominates.
//   node scripts/deploy/cost-estimate.ts [env ...]      (--json for machine-readable output)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const DEPLOY = resolve(import.meta.dirname, "../../deploy");
type Value = string | number | boolean | null;
type Vars = Record<string, Value>;

/** `name = value` lines with a string, number, bool or null value (what the tfvars here use). */
function parseAttributes(text: string): Vars {
  const vars: Vars = {};
  for (const line of text.split("\n")) {
    const m = /^\s*([a-z_][a-z0-9_]*)\s*=\s*(.+?)\s*(#.*)?$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    const raw = m[2];
    if (raw.startsWith('"')) vars[m[1]] = raw.slice(1, raw.lastIndexOf('"'));
    else if (raw === "true" || raw === "false") vars[m[1]] = raw === "true";
    else if (raw === "null") vars[m[1]] = null;
    else if (/^-?\d+(\.\d+)?$/.test(raw)) vars[m[1]] = Number(raw);
  }
  return vars;
}

/** Scalar defaults of deploy/variables.tf. */
function variableDefaults(): Vars {
  const text = readFileSync(join(DEPLOY, "variables.tf"), "utf8");
  const defaults: Vars = {};
  for (const block of text.split(/^variable /m).slice(1)) {
    const name = /^"([a-z0-9_]+)"/.exec(block)?.[1];
    const line = /^\s*default\s*=\s*(.+)$/m.exec(block)?.[0];
    if (name && line) Object.assign(defaults, { [name]: parseAttributes(line.replace(/^\s*default/, "x")).x });
  }
  return defaults;
}

interface Line {
  item: string;
  monthly: number;
  basis: string;
}

export function estimate(vars: Vars, p: typeof import("../../deploy/pricing.json")): Line[] {
  const n = (name: string) => Number(vars[name] ?? 0);
  const h = p.hours_per_month;
  const docs = n("expected_documents_per_month");
  const d = p.document;
  const azs = n("availability_zone_count") || 2;
  const createVpc = vars.vpc_id === undefined || vars.vpc_id === null;
  const natCount = !createVpc ? 0 : vars.nat_gateway_mode === "none" ? 0 : vars.nat_gateway_mode === "per_az" ? azs : 1;
  const endpoints =
    (vars.enable_interface_endpoints ? p.interface_endpoint.services : 0) + (vars.opensearch_private ? 1 : 0);
  const ocus = vars.opensearch_standby_replicas
    ? p.opensearch_serverless.min_ocus_with_standby
    : p.opensearch_serverless.min_ocus_without_standby;
  const fargate = (cpu: number, memory: number) =>
    (cpu / 1024) * p.fargate_arm64.vcpu_hour + (memory / 1024) * p.fargate_arm64.gb_hour;
  const gb = (kb: number) => (docs * kb) / 1024 / 1024;
  const bedrockPer1000 =
    d.embedding_tokens * p.bedrock.embedding_per_1000_input_tokens +
    d.extraction_input_tokens * p.bedrock.extraction_per_1000_input_tokens +
    d.extraction_output_tokens * p.bedrock.extraction_per_1000_output_tokens;
  const workerHours = n("expected_worker_task_hours_per_month") + n("worker_min_tasks") * h;
  return [
    {
      item: "OpenSearch Serverless",
      monthly: ocus * p.opensearch_serverless.ocu_hour * h + gb(d.index_kb) * p.opensearch_serverless.storage_gb_month,
      basis: `${ocus} OCU minimum${vars.opensearch_standby_replicas ? " (standby replicas)" : ""}`,
    },
    {
      item: "Fargate api",
      monthly: n("api_min_tasks") * fargate(n("api_cpu"), n("api_memory")) * h,
      basis: `${n("api_min_tasks")} x ${n("api_cpu") / 1024} vCPU/${n("api_memory") / 1024} GB ARM, always on`,
    },
    {
      item: "Fargate worker",
      monthly: workerHours * fargate(n("worker_cpu"), n("worker_memory")),
      basis: `${workerHours} task-hours x ${n("worker_cpu") / 1024} vCPU/${n("worker_memory") / 1024} GB ARM`,
    },
    {
      item: "ALB + WAF",
      monthly:
        h * (p.alb.hour + p.alb.assumed_lcus * p.alb.lcu_hour) +
        p.waf.web_acl_month +
        p.waf.rules * p.waf.rule_month +
        (p.api.assumed_requests_per_month / 1e6) * p.waf.per_million_requests,
      basis: `1 ALB, ${p.alb.assumed_lcus} LCU, web ACL with ${p.waf.rules} rule groups`,
    },
    {
      item: "NAT gateways",
      monthly: natCount * (h * p.nat_gateway.hour + p.nat_gateway.assumed_gb_per_month * p.nat_gateway.gb_processed),
      basis: `${natCount} NAT, ${p.nat_gateway.assumed_gb_per_month} GB each`,
    },
    {
      item: "Interface endpoints",
      monthly: endpoints * azs * h * p.interface_endpoint.hour_per_az,
      basis: `${endpoints} endpoints x ${azs} AZs`,
    },
    {
      item: `Bedrock (${docs} docs)`,
      monthly: (docs / 1000) * bedrockPer1000,
      basis: `$${bedrockPer1000.toFixed(2)} per 1,000 documents of the stated size`,
    },
    {
      item: "S3",
      monthly:
        gb(d.raw_kb + d.processed_kb) * p.s3.standard_gb_month +
        ((docs * d.s3_puts) / 1000) * p.s3.put_per_1000 +
        ((docs * d.s3_gets) / 1000) * p.s3.get_per_1000,
      basis: "one month of uploads + processed JSON",
    },
    {
      item: "DynamoDB",
      monthly:
        ((docs * d.dynamodb_writes) / 1e6) * p.dynamodb_on_demand.per_million_writes +
        ((docs * d.dynamodb_reads) / 1e6) * p.dynamodb_on_demand.per_million_reads +
        gb(2) * (p.dynamodb_on_demand.storage_gb_month + p.dynamodb_on_demand.pitr_gb_month),
      basis: "on demand, PITR",
    },
    {
      item: "SQS + KMS",
      monthly:
        ((docs * d.sqs_requests + 180 * workerHours) / 1e6) * p.sqs.per_million_requests +
        p.kms.keys * p.kms.key_month +
        ((docs * d.kms_requests) / 10000) * p.kms.per_10000_requests,
      basis: `long polling 3 receives/min per task, ${p.kms.keys} keys`,
    },
    {
      item: "CloudWatch",
      monthly:
        p.cloudwatch.alarms * p.cloudwatch.alarm_month +
        p.cloudwatch.dashboard_month +
        gb(d.log_kb) * (p.cloudwatch.logs_ingest_gb + p.cloudwatch.logs_storage_gb_month),
      basis: `${p.cloudwatch.alarms} alarms, 1 dashboard, logs`,
    },
  ];
}

function main(): void {
  const json = process.argv.includes("--json");
  const pricing = JSON.parse(readFileSync(join(DEPLOY, "pricing.json"), "utf8"));
  const asked = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const envs = asked.length > 0 ? asked : readdirSync(join(DEPLOY, "environments")).sort();
  const defaults = variableDefaults();
  const results: Record<string, { lines: Line[]; total: number; dominant: string }> = {};
  for (const env of envs) {
    const file = join(DEPLOY, "environments", env, "terraform.tfvars");
    if (!existsSync(file)) throw new Error(`${file} not found`);
    const lines = estimate({ ...defaults, ...parseAttributes(readFileSync(file, "utf8")) }, pricing).sort(
      (a, b) => b.monthly - a.monthly,
    );
    const total = lines.reduce((sum, l) => sum + l.monthly, 0);
    results[env] = { lines, total, dominant: lines[0]?.item ?? "" };
  }
  if (json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  console.log(
    `Monthly estimate (USD, ${pricing.region} list prices in deploy/pricing.json; ${pricing.document.description})`,
  );
  for (const [env, { lines, total, dominant }] of Object.entries(results)) {
    console.log(`\n${env}`);
    for (const l of lines) {
      const share = total > 0 ? ((100 * l.monthly) / total).toFixed(0) : "0";
      console.log(
        `  ${l.item.padEnd(26)} ${`$${l.monthly.toFixed(2)}`.padStart(10)} ${`${share}%`.padStart(4)}  ${l.basis}`,
      );
    }
    console.log(`  ${"total".padEnd(26)} ${`$${total.toFixed(2)}`.padStart(10)}`);
    console.log(`  dominant: ${dominant} (${((100 * (lines[0]?.monthly ?? 0)) / total).toFixed(0)}% of the total)`);
  }
}

main();
