# Remote state in S3 with S3-native locking (a lock object beside the state; no DynamoDB lock
# table). Bucket, key and region come from environments/<env>/backend.hcl:
#   tofu init -backend-config=environments/dev/backend.hcl
# (`make init ENV=dev` does this). The state bucket is created once by hand, see README "Deploy to AWS".
terraform {
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}
