import { S3Client } from "@aws-sdk/client-s3";
import { createTesseractRecognizer } from "@docworker/tesseract-recognizer";
import { startTextractStandIn } from "./stand-in-server.ts";

/**
 * Runs the stand-in as a process for the emulated stack. TEXTRACT_STAND_IN_PORT picks the port
 * (0 or unset: a free one), TEXTRACT_STAND_IN_HOST the address (default 127.0.0.1). Documents for
 * the asynchronous jobs are read from AWS_ENDPOINT_URL (moto). The first stdout line is the URL.
 */
const port = Number(process.env.TEXTRACT_STAND_IN_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid TEXTRACT_STAND_IN_PORT: ${process.env.TEXTRACT_STAND_IN_PORT}`);
  process.exit(2);
}
const recognizer = createTesseractRecognizer({
  languages: (process.env.OCR_LANGUAGES ?? "eng").split(/[+,\s]+/).filter(Boolean),
  workers: Number(process.env.OCR_WORKERS ?? 1),
  recoverMissedLines: process.env.OCR_SECOND_PASS !== "off",
});
const s3 = new S3Client({
  region: process.env.AWS_REGION ?? "us-east-1",
  forcePathStyle: true,
  ...(process.env.AWS_ENDPOINT_URL ? { endpoint: process.env.AWS_ENDPOINT_URL } : {}),
});
const standIn = await startTextractStandIn({
  port,
  host: process.env.TEXTRACT_STAND_IN_HOST ?? "127.0.0.1",
  recognizer,
  s3,
});
console.log(standIn.url);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    Promise.all([standIn.stop(), recognizer.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
