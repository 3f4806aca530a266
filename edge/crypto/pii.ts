import * as nodeCrypto from 'node:crypto';
import { fromBase64, fromBase64Url, randomBytes, toBase64Url } from './encoding';

/** Which personal field a value belongs to; bound into the ciphertext and the blind index. */
export type PiiField =
  | 'email'
  | 'phone'
  | 'personal_email'
  | 'submission'
  | 'import_row'
  | 'webhook_secret'
  | 'outgoing_webhook_secret'
  | 'sso_client_secret'
  | 'sso_flow';

/** Key material from secrets: AES-256 keys by version (the highest encrypts) and one HMAC key. */
export type PiiKeyMaterial = { encryption: Record<number, string>; index: string };

/** The primitives the vault needs; `iv ‖ ciphertext ‖ tag` is the same byte layout in both backends. */
type Primitives = {
  readonly name: 'node' | 'webcrypto';
  encrypt(version: number, aad: Uint8Array, plaintext: string): Promise<Uint8Array> | Uint8Array;
  decrypt(version: number, aad: Uint8Array, sealed: Uint8Array): Promise<string> | string;
  mac(data: string): Promise<Uint8Array> | Uint8Array;
};

const TAG = 16;
const IV = 12;

/**
 * node:crypto (Node, and workerd under `nodejs_compat`): synchronous OpenSSL calls, several times cheaper than
 * WebCrypto's promise round trip per value — measured on Node 24: AES-GCM encrypt 14 vs 64 µs, decrypt 6 vs
 * 56 µs, HMAC 4 vs 46 µs. That matters on every submission, import row and exported row.
 */
function nodePrimitives(material: PiiKeyMaterial): Primitives {
  const keys = new Map<number, nodeCrypto.KeyObject>();
  for (const [v, key] of Object.entries(material.encryption))
    keys.set(Number(v), nodeCrypto.createSecretKey(checkedKey(Number(v), key)));
  const indexKey = nodeCrypto.createSecretKey(checkedIndexKey(material.index));
  return {
    name: 'node',
    encrypt(version, aad, plaintext) {
      const nonce = randomBytes(IV);
      const cipher = nodeCrypto.createCipheriv('aes-256-gcm', keys.get(version)!, nonce, {
        authTagLength: TAG,
      });
      cipher.setAAD(aad);
      const body = cipher.update(plaintext, 'utf8');
      const last = cipher.final();
      const tag = cipher.getAuthTag();
      const out = new Uint8Array(IV + body.length + last.length + TAG);
      out.set(nonce, 0);
      out.set(body, IV);
      out.set(last, IV + body.length);
      out.set(tag, IV + body.length + last.length);
      return out;
    },
    decrypt(version, aad, sealed) {
      if (sealed.length < IV + TAG) throw new Error('PII: ciphertext too short');
      const decipher = nodeCrypto.createDecipheriv(
        'aes-256-gcm',
        keys.get(version)!,
        sealed.subarray(0, IV),
        {
          authTagLength: TAG,
        },
      );
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
      return (
        decipher.update(sealed.subarray(IV, sealed.length - TAG), undefined, 'utf8') + decipher.final('utf8')
      );
    },
    mac(data) {
      return nodeCrypto.createHmac('sha256', indexKey).update(data, 'utf8').digest();
    },
  };
}

/** WebCrypto: the fallback where node:crypto's ciphers are missing. */
async function webPrimitives(material: PiiKeyMaterial): Promise<Primitives> {
  const keys = new Map<number, CryptoKey>();
  for (const [v, key] of Object.entries(material.encryption))
    keys.set(
      Number(v),
      await crypto.subtle.importKey('raw', checkedKey(Number(v), key), 'AES-GCM', false, [
        'encrypt',
        'decrypt',
      ]),
    );
  const indexKey = await crypto.subtle.importKey(
    'raw',
    checkedIndexKey(material.index),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return {
    name: 'webcrypto',
    async encrypt(version, aad, plaintext) {
      const iv = randomBytes(IV);
      const ct = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: aad as Uint8Array<ArrayBuffer> },
        keys.get(version)!,
        new TextEncoder().encode(plaintext),
      );
      const out = new Uint8Array(IV + ct.byteLength);
      out.set(iv, 0);
      out.set(new Uint8Array(ct), IV);
      return out;
    },
    async decrypt(version, aad, sealed) {
      const pt = await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: sealed.subarray(0, IV) as Uint8Array<ArrayBuffer>,
          additionalData: aad as Uint8Array<ArrayBuffer>,
        },
        keys.get(version)!,
        sealed.subarray(IV) as Uint8Array<ArrayBuffer>,
      );
      return new TextDecoder().decode(pt);
    },
    async mac(data) {
      return new Uint8Array(await crypto.subtle.sign('HMAC', indexKey, new TextEncoder().encode(data)));
    },
  };
}

function checkedKey(version: number, base64: string): Uint8Array<ArrayBuffer> {
  const raw = fromBase64(base64 ?? '');
  if (raw.length !== 32) throw new Error(`PII: encryption key v${version} must be 32 bytes`);
  return raw;
}

function checkedIndexKey(base64: string): Uint8Array<ArrayBuffer> {
  const raw = fromBase64(base64);
  if (raw.length < 32) throw new Error('PII: index key must be at least 32 bytes');
  return raw;
}

/** node:crypto when this runtime has AES-GCM there and it agrees with WebCrypto on a probe; else WebCrypto. */
async function choosePrimitives(material: PiiKeyMaterial, prefer: 'auto' | 'webcrypto'): Promise<Primitives> {
  const web = await webPrimitives(material);
  if (prefer === 'webcrypto' || typeof nodeCrypto.createCipheriv !== 'function') return web;
  try {
    const node = nodePrimitives(material);
    const aad = new TextEncoder().encode('probe');
    const version = Math.max(...Object.keys(material.encryption).map(Number));
    const fromNode = await web.decrypt(version, aad, await node.encrypt(version, aad, 'ünïcødé probe'));
    const fromWeb = await node.decrypt(version, aad, await web.encrypt(version, aad, 'ünïcødé probe'));
    const macs = [toBase64Url(await node.mac('probe')), toBase64Url(await web.mac('probe'))];
    if (fromNode === 'ünïcødé probe' && fromWeb === fromNode && macs[0] === macs[1]) return node;
  } catch {
    // A runtime that exposes node:crypto without these ciphers: WebCrypto it is.
  }
  return web;
}

/**
 * Field-level encryption for personal data (runs on Workers and Node).
 * Values are AES-256-GCM encrypted with a random 96-bit IV and the organization and field as additional data,
 * so a ciphertext moved to another row or column fails to decrypt. Lookups use an HMAC-SHA256 blind index
 * under a separate key, also scoped by organization so equal emails in two tenants do not correlate.
 * The primitives come from node:crypto where the runtime has them (Node; workerd with `nodejs_compat`) and
 * from WebCrypto otherwise; both write and read the same bytes.
 */
export class PiiVault {
  private constructor(
    private readonly primitives: Primitives,
    private readonly currentVersion: number,
    private readonly versions: ReadonlySet<number>,
  ) {}

  /** Imports keys (32 bytes each, base64) once per process or isolate. */
  static async create(
    material: PiiKeyMaterial,
    options: { primitives?: 'auto' | 'webcrypto' } = {},
  ): Promise<PiiVault> {
    const versions = Object.keys(material.encryption).map(Number);
    if (versions.length === 0) throw new Error('PII: at least one encryption key is required');
    const primitives = await choosePrimitives(material, options.primitives ?? 'auto');
    return new PiiVault(primitives, Math.max(...versions), new Set(versions));
  }

  get keyVersion(): number {
    return this.currentVersion;
  }

  /** Which implementation does the work: 'node' (node:crypto) or 'webcrypto'. */
  get backend(): 'node' | 'webcrypto' {
    return this.primitives.name;
  }

  /** `v<version>.<base64url(iv ‖ ciphertext ‖ tag)>` */
  async encrypt(orgId: string, field: PiiField, plaintext: string): Promise<string> {
    const sealed = await this.primitives.encrypt(this.currentVersion, aad(orgId, field), plaintext);
    return `v${this.currentVersion}.${toBase64Url(sealed)}`;
  }

  async decrypt(orgId: string, field: PiiField, ciphertext: string): Promise<string> {
    const match = /^v(\d+)\.([A-Za-z0-9_-]+)$/.exec(ciphertext);
    const version = match ? Number(match[1]) : Number.NaN;
    if (!match || !this.versions.has(version))
      throw new Error('PII: unknown ciphertext format or key version');
    return this.primitives.decrypt(version, aad(orgId, field), fromBase64Url(match[2]!));
  }

  /** Deterministic lookup token for an already-normalized value. */
  async blindIndex(orgId: string, field: PiiField, normalized: string): Promise<string> {
    return toBase64Url(await this.primitives.mac(`${orgId}\u0000${field}\u0000${normalized}`));
  }

  /** Ciphertext and blind index together, or nulls for an absent value. */
  async seal(orgId: string, field: PiiField, normalized: string | null) {
    if (normalized == null) return { ciphertext: null, index: null };
    const [ciphertext, index] = await Promise.all([
      this.encrypt(orgId, field, normalized),
      this.blindIndex(orgId, field, normalized),
    ]);
    return { ciphertext, index };
  }
}

function aad(orgId: string, field: PiiField): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${orgId}\u0000${field}`);
}

/** Fresh random key material (the embedded default and tests; production keys come from secrets). */
export function generatePiiKeyMaterial(): PiiKeyMaterial {
  return { encryption: { 1: toBase64Url(randomBytes(32)) }, index: toBase64Url(randomBytes(32)) };
}

/** Parses `PII_ENCRYPTION_KEYS` ("1:base64,2:base64") and `PII_INDEX_KEY` from the environment. */
export function parsePiiKeyMaterial(encryptionKeys: string, indexKey: string): PiiKeyMaterial {
  const encryption: Record<number, string> = {};
  for (const part of encryptionKeys.split(',')) {
    const [version, key] = part.split(':');
    if (!version || !key || !/^\d+$/.test(version.trim()))
      throw new Error('PII_ENCRYPTION_KEYS: expected "1:<base64>,…"');
    encryption[Number(version)] = key.trim();
  }
  return { encryption, index: indexKey };
}
