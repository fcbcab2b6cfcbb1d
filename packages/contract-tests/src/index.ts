export { type AdapterFactory, type AdapterUnderTest, useAdapter, waitFor } from "./adapter-factory.ts";
export { type BlobStoreContractOptions, describeBlobStoreContract } from "./blob-store-contract.ts";
export {
  describeEventSourceContract,
  type EventSourceContractOptions,
  type EventSourceUnderTest,
} from "./event-source-contract.ts";
export { testChunk, unitVector } from "./index-fixtures.ts";
export { describeMetadataStoreContract } from "./metadata-store-contract.ts";
export { describeSearchIndexContract } from "./search-index-contract.ts";
export { describeVectorSpacesContract, type VectorSpacesUnderTest } from "./vector-spaces-contract.ts";
