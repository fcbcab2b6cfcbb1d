# Pinned versions of the deploy tool chain (sourced by the scripts beside this file).
OPENTOFU_VERSION=v1.10.10 # Go module github.com/opentofu/opentofu; builds with Go >= 1.24
TFLINT_VERSION=v0.64.0    # Go module github.com/terraform-linters/tflint
CHECKOV_VERSION=3.3.30    # PyPI
