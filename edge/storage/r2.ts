import type { R2Bucket } from '@cloudflare/workers-types';
import { assertDocumentKey, type DocumentStore, type StoredDocument } from './types';

/** Documents in an R2 bucket (the Workers face); the content type travels as the object's HTTP metadata. */
export class R2DocumentStore implements DocumentStore {
  constructor(private readonly bucket: R2Bucket) {}

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    assertDocumentKey(key);
    await this.bucket.put(key, bytes, { httpMetadata: { contentType } });
  }

  async get(key: string): Promise<StoredDocument | null> {
    assertDocumentKey(key);
    const object = await this.bucket.get(key);
    if (!object) return null;
    return {
      // Workers' ReadableStream type and the DOM's are the same object at run time, typed apart.
      body: object.body as unknown as ReadableStream<Uint8Array>,
      contentType: object.httpMetadata?.contentType ?? 'application/octet-stream',
      size: object.size,
    };
  }

  async delete(key: string): Promise<void> {
    assertDocumentKey(key);
    await this.bucket.delete(key);
  }
}
