import { describeSearchIndexContract } from "@docworker/contract-tests";
import { beforeAll } from "vitest";
import { createTestIndex, emulatedOpenSearchUrl, refreshAfterWrites } from "./opensearch-fixture.ts";

let url: string;
beforeAll(async () => {
  url = await emulatedOpenSearchUrl();
});

describeSearchIndexContract("OpenSearchIndex on the emulated OpenSearch 2.19 node", async () => {
  const test = await createTestIndex(url, { dimension: 4 });
  return { adapter: refreshAfterWrites(test.index, test.refresh), cleanup: test.cleanup };
});
