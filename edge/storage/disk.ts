import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { assertDocumentKey, type DocumentStore, type StoredDocument } from './types';

/**
 * Documents in a directory, for the Node face: each key is a file, with its content type beside it in
 * `<file>.meta.json`. Files are written to a temporary name and renamed, so a reader never sees half a file.
 */
export class DiskDocumentStore implements DocumentStore {
  constructor(private readonly root: string) {}

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, bytes);
    await writeFile(`${path}.meta.json`, JSON.stringify({ contentType }));
    await rename(partial, path);
  }

  async get(key: string): Promise<StoredDocument | null> {
    const path = this.pathOf(key);
    try {
      const [info, meta] = await Promise.all([stat(path), readFile(`${path}.meta.json`, 'utf8')]);
      const { contentType } = JSON.parse(meta) as { contentType: string };
      const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
      return { body, contentType, size: info.size };
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await Promise.all([rm(path, { force: true }), rm(`${path}.meta.json`, { force: true })]);
  }

  private pathOf(key: string): string {
    assertDocumentKey(key);
    return join(this.root, key);
  }
}
