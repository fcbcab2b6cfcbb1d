# --- Worker: text recognition with Amazon Textract (OCR_ENGINE=textract, the default on AWS) -------
#
# Scanned pages and images go to DetectDocumentText / AnalyzeDocument; multi-page PDFs are read in
# place by StartDocumentTextDetection / StartDocumentAnalysis jobs, which Textract runs with the
# caller's own access to the raw bucket and its key (granted in iam.tf). Textract has no
# resource-level permissions, so its actions take "*", pinned to this region.

data "aws_iam_policy_document" "worker_textract" {
  statement {
    sid = "Textract"
    actions = [
      "textract:AnalyzeDocument",
      "textract:DetectDocumentText",
      "textract:GetDocumentAnalysis",
      "textract:GetDocumentTextDetection",
      "textract:StartDocumentAnalysis",
      "textract:StartDocumentTextDetection",
    ]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "aws:RequestedRegion"
      values   = [local.region]
    }
  }
}

resource "aws_iam_role_policy" "worker_textract" {
  name   = "docworker-worker-textract"
  role   = aws_iam_role.worker_task.id
  policy = data.aws_iam_policy_document.worker_textract.json
}
