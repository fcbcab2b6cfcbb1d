# tofu init -backend-config=environments/staging/backend.hcl  (bucket: your state bucket)
bucket = "REPLACE-ME-docworker-tfstate"
key    = "docworker/staging/terraform.tfstate"
region = "us-east-1"
