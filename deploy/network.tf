# Tasks run in private subnets. Either an existing VPC (vpc_id + subnet ids) or one created here
# with public subnets for the ALB and NAT, and private subnets for the tasks. S3 and DynamoDB
# are reached through free gateway endpoints; the other AWS APIs through interface endpoints when
# enable_interface_endpoints is true (prod), else through the NAT gateway (dev).

# Regular AZs only (no Local or Wavelength Zones), so the first N stay the same ones.
data "aws_availability_zones" "available" {
  #checkov:skip=CKV_AWS_394:Only the first availability_zone_count names are used (slice below); a newly added AZ gets a later letter and does not change that set, and pinning names would tie the config to one region.
  state = "available"

  filter {
    name   = "zone-type"
    values = ["availability-zone"]
  }
}

locals {
  create_vpc = var.vpc_id == null
  azs        = slice(data.aws_availability_zones.available.names, 0, var.availability_zone_count)

  vpc_id             = local.create_vpc ? aws_vpc.this[0].id : var.vpc_id
  private_subnet_ids = local.create_vpc ? aws_subnet.private[*].id : var.private_subnet_ids
  public_subnet_ids  = local.create_vpc ? aws_subnet.public[*].id : var.public_subnet_ids
  private_route_table_ids = (
    local.create_vpc ? aws_route_table.private[*].id : var.private_route_table_ids
  )

  nat_count = local.create_vpc ? (
    var.nat_gateway_mode == "none" ? 0 : (var.nat_gateway_mode == "single" ? 1 : var.availability_zone_count)
  ) : 0

  # Interface endpoints for every AWS API the tasks call besides S3 and DynamoDB. OpenSearch
  # Serverless has its own endpoint resource (search.tf).
  interface_endpoint_services = var.enable_interface_endpoints ? toset([
    "sqs", "bedrock-runtime", "ecr.api", "ecr.dkr", "logs", "kms",
  ]) : toset([])
}

resource "aws_vpc" "this" {
  count = local.create_vpc ? 1 : 0

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = local.name }
}

# Nothing may use the default security group of the created VPC.
resource "aws_default_security_group" "this" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.this[0].id
}

resource "aws_flow_log" "vpc" {
  count = local.create_vpc ? 1 : 0

  vpc_id               = aws_vpc.this[0].id
  traffic_type         = "REJECT"
  log_destination_type = "s3"
  log_destination      = "${aws_s3_bucket.logs.arn}/vpc-flow-logs/"
}

resource "aws_subnet" "public" {
  count = local.create_vpc ? var.availability_zone_count : 0

  vpc_id            = aws_vpc.this[0].id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index)

  tags = { Name = "${local.name}-public-${local.azs[count.index]}", Tier = "public" }
}

resource "aws_subnet" "private" {
  count = local.create_vpc ? var.availability_zone_count : 0

  vpc_id            = aws_vpc.this[0].id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index + 8)

  tags = { Name = "${local.name}-private-${local.azs[count.index]}", Tier = "private" }
}

resource "aws_internet_gateway" "this" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.this[0].id
  tags   = { Name = local.name }
}

resource "aws_route_table" "public" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.this[0].id
  tags   = { Name = "${local.name}-public" }
}

resource "aws_route" "public_internet" {
  count                  = local.create_vpc ? 1 : 0
  route_table_id         = aws_route_table.public[0].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this[0].id
}

resource "aws_route_table_association" "public" {
  count          = local.create_vpc ? var.availability_zone_count : 0
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}

resource "aws_eip" "nat" {
  count  = local.nat_count
  domain = "vpc"
  tags   = { Name = "${local.name}-nat-${count.index}" }
}

resource "aws_nat_gateway" "this" {
  count         = local.nat_count
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
  tags          = { Name = "${local.name}-${count.index}" }

  depends_on = [aws_internet_gateway.this]
}

# One private route table per AZ, so per_az NAT keeps traffic in its AZ.
resource "aws_route_table" "private" {
  count  = local.create_vpc ? var.availability_zone_count : 0
  vpc_id = aws_vpc.this[0].id
  tags   = { Name = "${local.name}-private-${local.azs[count.index]}" }
}

resource "aws_route" "private_nat" {
  count                  = local.create_vpc && local.nat_count > 0 ? var.availability_zone_count : 0
  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[min(count.index, local.nat_count - 1)].id
}

resource "aws_route_table_association" "private" {
  count          = local.create_vpc ? var.availability_zone_count : 0
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

# --- VPC endpoints ----------------------------------------------------------------------------

resource "aws_vpc_endpoint" "gateway" {
  for_each = toset(["s3", "dynamodb"])

  vpc_id            = local.vpc_id
  service_name      = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = local.private_route_table_ids

  tags = { Name = "${local.name}-${each.key}" }
}

resource "aws_security_group" "endpoints" {
  name_prefix = "${local.name}-endpoints-"
  description = "Interface VPC endpoints: HTTPS from the docworker tasks only"
  vpc_id      = local.vpc_id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_tasks" {
  for_each = {
    worker = aws_security_group.worker.id
    api    = aws_security_group.api_tasks.id
  }

  security_group_id            = aws_security_group.endpoints.id
  description                  = "HTTPS from the ${each.key} tasks"
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
}

resource "aws_vpc_endpoint" "interface" {
  for_each = local.interface_endpoint_services

  vpc_id              = local.vpc_id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = local.private_subnet_ids
  security_group_ids  = [aws_security_group.endpoints.id]
  private_dns_enabled = true

  tags = { Name = "${local.name}-${each.key}" }
}
