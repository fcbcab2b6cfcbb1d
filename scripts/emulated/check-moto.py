#!/usr/bin/env python3
"""Check that moto answers for every AWS service docworker uses, with one real call round each.

S3, SQS, DynamoDB, EventBridge, KMS and Cognito user pools (including a real RS256 JWT and the
pool's JWKS endpoint, which auth tests verify tokens against). Cleans up what it creates.
  .tools/moto-venv/bin/python scripts/emulated/check-moto.py
Endpoint from AWS_ENDPOINT_URL, else from .docworker/emulated.env. Exit code 0 when all pass.
"""

import base64
import json
import os
import pathlib
import sys
import urllib.request
import uuid

import boto3
from botocore.config import Config

ROOT = pathlib.Path(__file__).resolve().parents[2]


def endpoint() -> str:
    if os.environ.get("AWS_ENDPOINT_URL"):
        return os.environ["AWS_ENDPOINT_URL"]
    env_file = ROOT / ".docworker" / "emulated.env"
    if env_file.exists():
        for line in env_file.read_text().splitlines():
            if line.startswith("AWS_ENDPOINT_URL="):
                return line.split("=", 1)[1]
    sys.exit("AWS_ENDPOINT_URL is not set and .docworker/emulated.env is missing: run scripts/emulated/up.sh")


URL = endpoint()
SUFFIX = uuid.uuid4().hex[:8]


def client(service: str):
    return boto3.client(
        service,
        endpoint_url=URL,
        region_name=os.environ.get("AWS_REGION", "us-east-1"),
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def check_s3() -> str:
    s3, bucket = client("s3"), f"check-{SUFFIX}"
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"hello")
    body = s3.get_object(Bucket=bucket, Key="k")["Body"].read()
    s3.delete_object(Bucket=bucket, Key="k")
    s3.delete_bucket(Bucket=bucket)
    assert body == b"hello", body
    return "put/get object"


def check_sqs() -> str:
    sqs = client("sqs")
    url = sqs.create_queue(QueueName=f"check-{SUFFIX}")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="ping")
    msgs = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
    sqs.delete_queue(QueueUrl=url)
    assert [m["Body"] for m in msgs] == ["ping"], msgs
    return "send/receive"


def check_dynamodb() -> str:
    ddb, table = client("dynamodb"), f"check-{SUFFIX}"
    ddb.create_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "n": {"N": "1"}})
    # Conditional writes are what idempotency rests on: the second one must be refused.
    try:
        ddb.put_item(TableName=table, Item={"pk": {"S": "a"}}, ConditionExpression="attribute_not_exists(pk)")
        refused = False
    except ddb.exceptions.ConditionalCheckFailedException:
        refused = True
    item = ddb.get_item(TableName=table, Key={"pk": {"S": "a"}})["Item"]
    ddb.delete_table(TableName=table)
    assert item["n"]["N"] == "1" and refused, (item, refused)
    return "put/get item, conditional write refused"


def check_events() -> str:
    events = client("events")
    resp = events.put_events(Entries=[{"Source": "docworker.check", "DetailType": "ping", "Detail": "{}"}])
    assert resp["FailedEntryCount"] == 0, resp
    events.list_rules()
    return "put_events"


def check_kms() -> str:
    kms = client("kms")
    key_id = kms.create_key(Description=f"check-{SUFFIX}")["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key_id, Plaintext=b"secret")["CiphertextBlob"]
    plain = kms.decrypt(CiphertextBlob=blob)["Plaintext"]
    kms.schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)
    assert plain == b"secret", plain
    return "encrypt/decrypt"


def check_cognito() -> str:
    idp = client("cognito-idp")
    pool_id = idp.create_user_pool(PoolName=f"check-{SUFFIX}")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="check", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="alice", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="alice", Password="Passw0rd!x", Permanent=True)
    auth = idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!x"}
    )["AuthenticationResult"]
    header = json.loads(base64.urlsafe_b64decode(auth["AccessToken"].split(".")[0] + "=="))
    with urllib.request.urlopen(f"{URL}/{pool_id}/.well-known/jwks.json", timeout=5) as resp:
        jwks = json.loads(resp.read())
    kids = [k["kid"] for k in jwks["keys"]]
    idp.delete_user_pool(UserPoolId=pool_id)
    assert header["alg"] == "RS256" and header["kid"] in kids, (header, kids)
    return f"RS256 access token, kid {header['kid']} in {URL}/<pool>/.well-known/jwks.json"


def main() -> int:
    failed = 0
    for name, check in (
        ("s3", check_s3),
        ("sqs", check_sqs),
        ("dynamodb", check_dynamodb),
        ("events", check_events),
        ("kms", check_kms),
        ("cognito-idp", check_cognito),
    ):
        try:
            print(f"OK    {name}: {check()}")
        except Exception as err:  # report every service, not just the first failure
            failed += 1
            print(f"FAIL  {name}: {type(err).__name__}: {err}")
    print(f"moto: {6 - failed} ok, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
