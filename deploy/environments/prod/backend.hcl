# tofu init -backend-config=environments/prod/backend.hcl  (bucket: your state bucket)
bucket = "REPLACE-ME-docworker-tfstate"
key    = "docworker/prod/terraform.tfstate"
region = "us-east-1"
