# tofu init -backend-config=environments/dev/backend.hcl  (bucket: your state bucket)
bucket = "REPLACE-ME-docworker-tfstate"
key    = "docworker/dev/terraform.tfstate"
region = "us-east-1"
