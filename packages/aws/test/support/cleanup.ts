import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  type S3Client,
} from "@aws-sdk/client-s3";

/** moto keeps everything in memory for as long as it runs: tests remove what they made. */
export async function emptyAndDeleteBucket(client: S3Client, name: string): Promise<void> {
  for (;;) {
    const listed = await client.send(new ListObjectVersionsCommand({ Bucket: name }));
    const objects = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map((v) => ({
      Key: v.Key,
      ...(v.VersionId ? { VersionId: v.VersionId } : {}),
    }));
    if (objects.length === 0) break;
    await client.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: objects } }));
  }
  await client.send(new DeleteBucketCommand({ Bucket: name }));
}
