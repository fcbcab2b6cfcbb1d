import { DeleteTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { describeVectorSpacesContract } from "@docworker/contract-tests";
import type { SearchIndex, VectorSpace } from "@docworker/core";
import { ensureMetadataTable } from "@docworker/dev-provisioning";
import { Client } from "@opensearch-project/opensearch";
import { beforeAll } from "vitest";
import { DynamoVectorSpacePointer, OpenSearchSpaceIndexes } from "../../src/index.ts";
import { emulatedClients, uniqueName } from "../support/aws-clients.ts";
import { ensureEmulatedStack } from "../support/emulated-stack.ts";
import { emulatedOpenSearchUrl, refreshAfterWrites } from "./opensearch-fixture.ts";

let url: string;
let dynamodb: DynamoDBClient;
beforeAll(async () => {
  const { env } = await ensureEmulatedStack();
  dynamodb = emulatedClients(env).dynamodb;
  url = await emulatedOpenSearchUrl();
});

describeVectorSpacesContract("DynamoDB pointer (moto), an OpenSearch index per space (emulated node)", async () => {
  const tableName = uniqueName("spaces");
  await ensureMetadataTable(dynamodb, tableName);
  const client = new Client({ node: url });
  const base = `test-spaces-${uniqueName("x").toLowerCase()}`;
  const spaceIndexes = new OpenSearchSpaceIndexes(client, { base });
  // Searches see each write at once, as the contract assumes (the node refreshes every second).
  const wrapped = new Map<string, SearchIndex>();
  const indexes = {
    create: (space: VectorSpace, options: { home: boolean }) => spaceIndexes.create(space, options),
    index(space: VectorSpace, options: { home: boolean }): SearchIndex {
      const name = spaceIndexes.nameOf(space, options);
      let index = wrapped.get(name);
      if (!index) {
        index = refreshAfterWrites(spaceIndexes.index(space, options), async () => {
          await client.indices.refresh({ index: name });
        });
        wrapped.set(name, index);
      }
      return index;
    },
  };
  return {
    adapter: { pointer: new DynamoVectorSpacePointer({ client: dynamodb, tableName }), indexes },
    cleanup: async () => {
      await client.indices.delete({ index: `${base}*` }).catch(() => undefined);
      await client.close();
      await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
    },
  };
});
