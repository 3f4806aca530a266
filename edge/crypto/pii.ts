import { fromBase64, fromBase64Url, randomBytes, toBase64Url } from './encoding';

/** Which personal field a value belongs to; bound into the ciphertext and the blind index. */
export type PiiField = 'email' | 'phone' | 'personal_email' | 'submission' | 'webhook_secret';

/** Key material from secrets: AES-256 keys by version (the highest encrypts) and one HMAC key. */
export type PiiKeyMaterial = { encryption: Record<number, string>; index: string };

/**
 * Field-level encryption for personal data (runs on Workers and Node through WebCrypto).
 * Values are AES-256-GCM encrypted with a random 96-bit IV and the organization and field as additional data,
 * so a ciphertext moved to another row or column fails to decrypt. Lookups use an HMAC-SHA256 blind index
 * under a separate key, also scoped by organization so equal emails in two tenants do not correlate.
 */
export class PiiVault {
  private constructor(
    private readonly encKeys: Map<number, CryptoKey>,
    private readonly currentVersion: number,
    private readonly indexKey: CryptoKey,
  ) {}

  /** Imports keys (32 bytes each, base64) once per process or isolate. */
  static async create(material: PiiKeyMaterial): Promise<PiiVault> {
    const versions = Object.keys(material.encryption).map(Number);
    if (versions.length === 0) throw new Error('PII: at least one encryption key is required');
    const encKeys = new Map<number, CryptoKey>();
    for (const v of versions) {
      const raw = fromBase64(material.encryption[v] ?? '');
      if (raw.length !== 32) throw new Error(`PII: encryption key v${v} must be 32 bytes`);
      encKeys.set(v, await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
    }
    const indexRaw = fromBase64(material.index);
    if (indexRaw.length < 32) throw new Error('PII: index key must be at least 32 bytes');
    const indexKey = await crypto.subtle.importKey(
      'raw',
      indexRaw,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return new PiiVault(encKeys, Math.max(...versions), indexKey);
  }

  get keyVersion(): number {
    return this.currentVersion;
  }

  /** `v<version>.<base64url(iv ‖ ciphertext ‖ tag)>` */
  async encrypt(orgId: string, field: PiiField, plaintext: string): Promise<string> {
    const key = this.encKeys.get(this.currentVersion)!;
    const iv = randomBytes(12);
    const ct = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: aad(orgId, field) },
      key,
      new TextEncoder().encode(plaintext),
    );
    const out = new Uint8Array(12 + ct.byteLength);
    out.set(iv, 0);
    out.set(new Uint8Array(ct), 12);
    return `v${this.currentVersion}.${toBase64Url(out)}`;
  }

  async decrypt(orgId: string, field: PiiField, ciphertext: string): Promise<string> {
    const match = /^v(\d+)\.([A-Za-z0-9_-]+)$/.exec(ciphertext);
    const key = match ? this.encKeys.get(Number(match[1])) : undefined;
    if (!match || !key) throw new Error('PII: unknown ciphertext format or key version');
    const bytes = fromBase64Url(match[2]!);
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, 12), additionalData: aad(orgId, field) },
      key,
      bytes.subarray(12),
    );
    return new TextDecoder().decode(pt);
  }

  /** Deterministic lookup token for an already-normalized value. */
  async blindIndex(orgId: string, field: PiiField, normalized: string): Promise<string> {
    const mac = await crypto.subtle.sign(
      'HMAC',
      this.indexKey,
      new TextEncoder().encode(`${orgId}\u0000${field}\u0000${normalized}`),
    );
    return toBase64Url(new Uint8Array(mac));
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
