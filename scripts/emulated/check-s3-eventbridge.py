#!/usr/bin/env python3
"""Check that the emulated stack delivers S3 -> EventBridge -> SQS the way AWS wires it.

The same wiring as production: bucket notification with EventBridge enabled, a rule on
source aws.s3 filtered on detail-type "Object Created"/"Object Deleted", an SQS target whose
queue policy lets events.amazonaws.com send for that rule. Prints one delivered message body
of each kind so the event shape moto produces can be compared with AWS's.

Run with the moto venv's python (it has boto3):
  .tools/moto-venv/bin/python scripts/emulated/check-s3-eventbridge.py
Endpoints come from the environment, else from .docworker/emulated.env (written by up.sh).
Exit code 0 means every check passed.
"""

import json
import os
import pathlib
import sys
import time
import uuid

import boto3

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load_env() -> dict:
    env = {}
    env_file = ROOT / ".docworker" / "emulated.env"
    if env_file.exists():
        for line in env_file.read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                env[key] = value
    env.update({k: v for k, v in os.environ.items() if k.startswith("AWS_")})
    if "AWS_ENDPOINT_URL" not in env:
        sys.exit("AWS_ENDPOINT_URL is not set and .docworker/emulated.env is missing: run scripts/emulated/up.sh")
    return env


def receive_all(sqs, queue_url: str, want: int, timeout_s: float = 10.0) -> list:
    """Collect messages until `want` arrived or the timeout passed (delivery is asynchronous on AWS)."""
    got, deadline = [], time.monotonic() + timeout_s
    while len(got) < want and time.monotonic() < deadline:
        resp = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for msg in resp.get("Messages", []):
            got.append(json.loads(msg["Body"]))
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=msg["ReceiptHandle"])
    return got


def main() -> int:
    env = load_env()
    session = boto3.session.Session(
        aws_access_key_id=env.get("AWS_ACCESS_KEY_ID", "test"),
        aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY", "test"),
        region_name=env.get("AWS_REGION", "us-east-1"),
    )
    endpoint = env["AWS_ENDPOINT_URL"]
    s3 = session.client("s3", endpoint_url=endpoint, config=boto3.session.Config(s3={"addressing_style": "path"}))
    sqs = session.client("sqs", endpoint_url=endpoint)
    events = session.client("events", endpoint_url=endpoint)

    suffix = uuid.uuid4().hex[:8]
    bucket, queue, rule = f"check-{suffix}", f"check-{suffix}", f"check-{suffix}"
    failures = []

    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_notification_configuration(
        Bucket=bucket, NotificationConfiguration={"EventBridgeConfiguration": {}}
    )
    queue_url = sqs.create_queue(QueueName=queue)["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    rule_arn = events.put_rule(
        Name=rule,
        EventPattern=json.dumps(
            {
                "source": ["aws.s3"],
                "detail-type": ["Object Created", "Object Deleted"],
                "detail": {"bucket": {"name": [bucket]}},
            }
        ),
    )["RuleArn"]
    # The policy production needs; moto does not enforce it, AWS does.
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": queue_arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
            }
        ],
    }
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps(policy)})
    events.put_targets(Rule=rule, Targets=[{"Id": "queue", "Arn": queue_arn}])

    s3.put_object(Bucket=bucket, Key="docs/a b.pdf", Body=b"%PDF-1.4 hello")
    created = receive_all(sqs, queue_url, want=1)
    s3.delete_object(Bucket=bucket, Key="docs/a b.pdf")
    deleted = receive_all(sqs, queue_url, want=1)
    # Anything else arriving now (e.g. "Object Tags Added") would mean the detail-type filter leaks.
    extra = receive_all(sqs, queue_url, want=1, timeout_s=2)

    for label, msgs, detail_type in (("created", created, "Object Created"), ("deleted", deleted, "Object Deleted")):
        if len(msgs) != 1:
            failures.append(f"{label}: expected 1 message, got {len(msgs)}")
            continue
        body = msgs[0]
        print(f"--- {detail_type} message body ---")
        print(json.dumps(body, indent=2, sort_keys=True))
        if body.get("detail-type") != detail_type:
            failures.append(f"{label}: detail-type {body.get('detail-type')!r}")
        if body.get("source") != "aws.s3":
            failures.append(f"{label}: source {body.get('source')!r}")
        detail = body.get("detail", {})
        if detail.get("bucket", {}).get("name") != bucket:
            failures.append(f"{label}: detail.bucket.name {detail.get('bucket')!r}")
        if detail.get("object", {}).get("key") != "docs/a b.pdf":
            failures.append(f"{label}: detail.object.key {detail.get('object')!r}")
    if extra:
        failures.append(f"unexpected extra messages: {[m.get('detail-type') for m in extra]}")

    # Leave moto as we found it (state is in memory and shared by every test).
    events.remove_targets(Rule=rule, Ids=["queue"])
    events.delete_rule(Name=rule)
    sqs.delete_queue(QueueUrl=queue_url)
    s3.delete_bucket(Bucket=bucket)

    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    print("s3-eventbridge-sqs: " + ("OK" if not failures else f"{len(failures)} problem(s)"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
