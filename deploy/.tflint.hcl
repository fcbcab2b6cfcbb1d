# TFLint for deploy/. The bundled terraform ruleset only: the AWS ruleset plugin is downloaded
# from GitHub releases by `tflint --init`, which this project's machines cannot reach (and the Go
# module proxy does not serve it), so it is not enabled. Run `tflint --init` with it on a machine
# that can, see docs/operations.md.
config {
  call_module_type = "none"
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}

# One file per concern is this project's layout, not main.tf/variables.tf/outputs.tf only.
rule "terraform_standard_module_structure" {
  enabled = false
}
