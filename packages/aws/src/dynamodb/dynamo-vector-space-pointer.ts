import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { VectorSpace, VectorSpacePointer, VectorSpaceState } from "@docworker/core";

export interface DynamoVectorSpacePointerOptions {
  tableName: string;
  client?: DynamoDBClient;
  clientConfig?: DynamoDBClientConfig;
}

/** Outside every tenant's partition (TENANT#…) and without index attributes: no listing sees it. */
const KEY = { pk: "DOCWORKER#SETTINGS", sk: "VECTOR_SPACES" } as const;
const ATTEMPTS = 8;

interface PointerItem extends VectorSpaceState {
  revision: number;
}

/**
 * The vector-space pointer as one item of the documents' table. Every change is a conditional
 * put on the revision it was read at, retried on a race: GetItem and PutItem only, which both the
 * API (it starts filling a space) and the worker (it switches when the filling is done) may call.
 */
export class DynamoVectorSpacePointer implements VectorSpacePointer {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoVectorSpacePointerOptions) {
    const client = options.client ?? new DynamoDBClient(options.clientConfig ?? {});
    this.#db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.#table = options.tableName;
  }

  async state(initial: VectorSpace): Promise<VectorSpaceState> {
    const item = await this.#read();
    if (item) return stateOf(item);
    const first: PointerItem = { active: initial, home: initial, revision: 1 };
    if (await this.#write(first, undefined)) return stateOf(first);
    const raced = await this.#read();
    if (!raced) throw new Error("the vector-space pointer was neither written nor found");
    return stateOf(raced);
  }

  async setNext(space: VectorSpace): Promise<void> {
    await this.#change((item) => (item.active.key === space.key ? undefined : { ...item, next: space }));
  }

  async activate(space: VectorSpace): Promise<boolean> {
    let switched = false;
    await this.#change((item) => {
      switched = false;
      if (item.next?.key !== space.key) return undefined;
      switched = true;
      return { active: item.next, home: item.home, revision: item.revision };
    });
    return switched;
  }

  /** Applies `change` to the item as read, on that revision only; undefined: nothing to change. */
  async #change(change: (item: PointerItem) => PointerItem | undefined): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const item = await this.#read();
      if (!item) throw new Error("the vector-space pointer is read (and so created) before it is changed");
      const changed = change(item);
      if (!changed) return;
      if (await this.#write({ ...changed, revision: item.revision + 1 }, item.revision)) return;
    }
    throw new Error(`the vector-space pointer changed under ${ATTEMPTS} attempts in a row`);
  }

  async #read(): Promise<PointerItem | undefined> {
    const { Item } = await this.#db.send(new GetCommand({ TableName: this.#table, Key: KEY, ConsistentRead: true }));
    return Item as PointerItem | undefined;
  }

  /** False: the item was not at `revision` (or, for undefined, existed already). */
  async #write(item: PointerItem, revision: number | undefined): Promise<boolean> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...KEY, kind: "vector-spaces", ...item },
          ...(revision === undefined
            ? { ConditionExpression: "attribute_not_exists(pk)" }
            : { ConditionExpression: "revision = :revision", ExpressionAttributeValues: { ":revision": revision } }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }
}

function stateOf(item: PointerItem): VectorSpaceState {
  const space = (s: VectorSpace): VectorSpace => ({ key: s.key, model: s.model, dimension: Number(s.dimension) });
  return { active: space(item.active), home: space(item.home), ...(item.next ? { next: space(item.next) } : {}) };
}
