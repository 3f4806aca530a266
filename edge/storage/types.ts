/** A stored file as read back: its bytes as a stream, with the type and size it was stored with. */
export type StoredDocument = { body: ReadableStream<Uint8Array>; contentType: string; size: number };

/**
 * Where document bytes live, behind one interface: R2 on Workers, a directory on the Node face. Metadata
 * (name, size, sha256, links to leads) lives in Postgres; this stores only bytes under opaque keys.
 */
export type DocumentStore = {
  put: (key: string, bytes: Uint8Array, contentType: string) => Promise<void>;
  /** The stored file, or null when the key holds nothing. */
  get: (key: string) => Promise<StoredDocument | null>;
  /** Removes the file; removing a missing key is not an error. */
  delete: (key: string) => Promise<void>;
};

const KEY_SHAPE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/** Keys are made by the app (`<org>/<document id>`); anything else (`..`, absolute paths) is a bug. */
export function assertDocumentKey(key: string): void {
  if (!KEY_SHAPE.test(key)) throw new Error(`Invalid document key: ${JSON.stringify(key)}`);
}
