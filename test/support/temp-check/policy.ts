/**
 * What a folder left in a test file's temp folder is. The product's own scratch folders (the sandbox's, a
 * gate's reports, git's temporary index, ...) must never outlive the process that made them: one left
 * behind fails the test file. Anything else (a test's own temp folder it did not remove) is a warning.
 */
export const PRODUCT_SCRATCH_PREFIXES = ["greenlight-sandbox-", "greenlight-reports-", "greenlight-index-", "greenlight-git-", "greenlight-blob-"] as const;

export type LeftoverKind = "product" | "held" | "test";

export interface Leftover {
  name: string;
  kind: LeftoverKind;
}

/** One test file's record, written by the per-file check and summed up by the global teardown. */
export interface FileRecord {
  file: string;
  leftovers: Leftover[];
}

export const isProductScratch = (name: string): boolean => PRODUCT_SCRATCH_PREFIXES.some((prefix) => name.startsWith(prefix));

export const RECORD_SUFFIX = ".leftovers.json";
