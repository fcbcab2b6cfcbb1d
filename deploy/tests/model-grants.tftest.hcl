# The task roles' Bedrock grants and the settings that choose the models, evaluated by Terraform
# itself (plan with a mocked provider: no account, no network) for each value of the variables
# that turn a model on. tests/deploy/iam-least-privilege.test.ts matches the grants to the calls.

mock_provider "aws" {
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }
  mock_data "aws_availability_zones" {
    defaults = { names = ["us-east-1a", "us-east-1b", "us-east-1c"] }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  # The mirrored v5 provider's attribute (the copy maps v6's .region to it), and v6's.
  mock_data "aws_region" {
    defaults = { name = "us-east-1", region = "us-east-1" }
  }
}

variables {
  environment     = "test"
  region          = "us-east-1"
  certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/test"
}

run "reranking_is_off_by_default" {
  command = plan

  assert {
    condition     = local.service_environment.api.RERANKER == "none" && !contains(keys(local.service_environment.api), "BEDROCK_RERANK_MODEL_ID")
    error_message = "without bedrock_rerank_model_id the API must not rerank"
  }
  assert {
    condition     = !contains(flatten([for s in data.aws_iam_policy_document.api_task.statement : s.actions]), "bedrock:Rerank")
    error_message = "without bedrock_rerank_model_id the API task role must not hold bedrock:Rerank"
  }
  assert {
    condition     = length([for r in flatten([for s in data.aws_iam_policy_document.api_task.statement : s.resources if contains(s.actions, "bedrock:InvokeModel")]) : r if strcontains(r, "rerank")]) == 0
    error_message = "without bedrock_rerank_model_id the API task role must not invoke a rerank model"
  }
}

run "reranking_on_grants_rerank_and_the_model" {
  command = plan

  variables {
    bedrock_rerank_model_id = "cohere.rerank-v3-5:0"
  }

  assert {
    condition     = local.service_environment.api.RERANKER == "bedrock" && local.service_environment.api.BEDROCK_RERANK_MODEL_ID == "cohere.rerank-v3-5:0"
    error_message = "bedrock_rerank_model_id must turn reranking on with that model"
  }
  assert {
    condition     = length([for s in data.aws_iam_policy_document.api_task.statement : s if contains(s.actions, "bedrock:Rerank")]) == 1
    error_message = "the API task role must hold bedrock:Rerank, in one statement"
  }
  assert {
    condition = alltrue([
      for s in data.aws_iam_policy_document.api_task.statement :
      length(s.actions) == 1 && length(s.resources) == 1 && contains(s.resources, "*")
      && anytrue([for c in s.condition : c.variable == "aws:RequestedRegion" && length(c.values) == 1 && contains(c.values, "us-east-1")])
      if contains(s.actions, "bedrock:Rerank")
    ])
    error_message = "bedrock:Rerank has no resource-level permissions: alone in its statement, on *, pinned to the region"
  }
  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.api_task.statement :
      contains(s.resources, "arn:aws:bedrock:us-east-1::foundation-model/cohere.rerank-v3-5:0") if contains(s.actions, "bedrock:InvokeModel")
    ])
    error_message = "the API task role must invoke the rerank model (Rerank is authorised by InvokeModel on it)"
  }
  assert {
    condition     = !contains(flatten([for s in data.aws_iam_policy_document.worker_task.statement : s.resources if contains(s.actions, "bedrock:InvokeModel")]), "arn:aws:bedrock:us-east-1::foundation-model/cohere.rerank-v3-5:0")
    error_message = "the worker does not rerank"
  }
}

run "rerank_model_must_be_a_rerank_foundation_model" {
  command = plan

  variables {
    bedrock_rerank_model_id = "us.cohere.rerank-v3-5:0"
  }

  expect_failures = [var.bedrock_rerank_model_id]
}

run "classification_model_is_granted_to_the_worker" {
  command = plan

  variables {
    bedrock_classification_model_id = "us.amazon.nova-lite-v1:0"
  }

  assert {
    condition     = local.service_environment.worker.BEDROCK_CLASSIFICATION_MODEL_ID == "us.amazon.nova-lite-v1:0"
    error_message = "bedrock_classification_model_id must reach the worker"
  }
  assert {
    condition = alltrue([
      for arn in [
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0",
        "arn:aws:bedrock:*::foundation-model/amazon.nova-lite-v1:0",
      ] : anytrue([for s in data.aws_iam_policy_document.worker_task.statement : contains(s.resources, arn) if contains(s.actions, "bedrock:InvokeModel")])
    ])
    error_message = "the worker task role must invoke the classification model's profile and the model it routes to"
  }
  assert {
    condition     = !contains(flatten([for s in data.aws_iam_policy_document.api_task.statement : s.resources if contains(s.actions, "bedrock:InvokeModel")]), "arn:aws:bedrock:*::foundation-model/amazon.nova-lite-v1:0")
    error_message = "the API does not classify"
  }
}

run "extra_environment_cannot_choose_a_model_without_its_grant" {
  command = plan

  variables {
    extra_environment = { RERANKER = "bedrock" }
  }

  expect_failures = [var.extra_environment]
}
