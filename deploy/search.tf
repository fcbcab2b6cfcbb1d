# OpenSearch Serverless VECTORSEARCH collection for the chunk index (BM25 + k-NN). Encryption
# with the data key, network access through a VPC endpoint when opensearch_private, data access
# only for the two task roles (worker: write, api: create the index and read) and the listed admins.

locals {
  # Collection names: 3-32 characters.
  collection_name = substr("${local.name}-chunks", 0, 32)
  collection_rule = "collection/${local.collection_name}"
  index_rule      = "index/${local.collection_name}/*"
}

resource "aws_opensearchserverless_security_policy" "encryption" {
  name = "${local.name}-enc"
  type = "encryption"

  policy = jsonencode({
    Rules       = [{ ResourceType = "collection", Resource = [local.collection_rule] }]
    AWSOwnedKey = false
    KmsARN      = aws_kms_key.data.arn
  })
}

resource "aws_security_group" "opensearch_endpoint" {
  count = var.opensearch_private ? 1 : 0

  name_prefix = "${local.name}-aoss-"
  description = "OpenSearch Serverless VPC endpoint: HTTPS from the docworker tasks only"
  vpc_id      = local.vpc_id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "opensearch_from_tasks" {
  for_each = var.opensearch_private ? {
    worker = aws_security_group.worker.id
    api    = aws_security_group.api_tasks.id
  } : {}

  security_group_id            = aws_security_group.opensearch_endpoint[0].id
  description                  = "HTTPS from the ${each.key} tasks"
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
}

resource "aws_opensearchserverless_vpc_endpoint" "this" {
  count = var.opensearch_private ? 1 : 0

  name               = substr("${local.name}-aoss", 0, 32)
  vpc_id             = local.vpc_id
  subnet_ids         = local.private_subnet_ids
  security_group_ids = [aws_security_group.opensearch_endpoint[0].id]
}

resource "aws_opensearchserverless_security_policy" "network" {
  name = "${local.name}-net"
  type = "network"

  # Two whole documents rather than one with a conditional part: the two shapes have different
  # attributes, and a conditional's branches must have one type.
  policy = var.opensearch_private ? jsonencode([{
    Description     = "docworker chunk index, through the VPC endpoint only"
    Rules           = [{ ResourceType = "collection", Resource = [local.collection_rule] }]
    AllowFromPublic = false
    SourceVPCEs     = [aws_opensearchserverless_vpc_endpoint.this[0].id]
    }]) : jsonencode([{
    Description     = "docworker chunk index (IAM-authenticated, from anywhere)"
    Rules           = [{ ResourceType = "collection", Resource = [local.collection_rule] }]
    AllowFromPublic = true
  }])
}

resource "aws_opensearchserverless_access_policy" "data" {
  name = "${local.name}-data"
  type = "data"

  policy = jsonencode(concat(
    [
      # tests/deploy/opensearch-data-access.test.ts derives these from the requests each service sends.
      {
        Description = "worker: check the index, write and read chunks"
        Principal   = [aws_iam_role.worker_task.arn]
        Rules = [
          {
            ResourceType = "index"
            Resource     = [local.index_rule]
            Permission   = ["aoss:DescribeIndex", "aoss:ReadDocument", "aoss:WriteDocument"]
          },
        ]
      },
      {
        # The api creates the index when it starts: it always runs (api_min_tasks >= 1) and an
        # upload needs its URL, so the index exists before the first document whatever the
        # worker's scaling; it adds the fields a newer release maps to an existing index. It cannot
        # write or delete documents.
        Description = "api: create and update the index, search"
        Principal   = [aws_iam_role.api_task.arn]
        Rules = [
          {
            ResourceType = "index"
            Resource     = [local.index_rule]
            Permission   = ["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:ReadDocument", "aoss:UpdateIndex"]
          },
        ]
      },
    ],
    length(var.opensearch_admin_principal_arns) == 0 ? [] : [
      {
        Description = "operators: reindexing and inspection"
        Principal   = var.opensearch_admin_principal_arns
        Rules = [
          { ResourceType = "collection", Resource = [local.collection_rule], Permission = ["aoss:*"] },
          { ResourceType = "index", Resource = [local.index_rule], Permission = ["aoss:*"] },
        ]
      },
    ],
  ))
}

resource "aws_opensearchserverless_collection" "chunks" {
  name             = local.collection_name
  description      = "docworker chunks: BM25 + k-NN (${var.environment})"
  type             = "VECTORSEARCH"
  standby_replicas = var.opensearch_standby_replicas ? "ENABLED" : "DISABLED"

  depends_on = [
    aws_opensearchserverless_security_policy.encryption,
    aws_opensearchserverless_security_policy.network,
  ]
}
