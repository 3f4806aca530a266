import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './encoding';
import { type HashParams, hashPassword, needsRehash, PASSWORD_HASH, verifyPassword } from './password';
import { generatePiiKeyMaterial, PiiVault, parsePiiKeyMaterial } from './pii';

describe('PiiVault', () => {
  it('round-trips, with a fresh IV every time', async () => {
    const vault = await PiiVault.create(generatePiiKeyMaterial());
    const a = await vault.encrypt('org_1', 'email', 'jana@example.cz');
    const b = await vault.encrypt('org_1', 'email', 'jana@example.cz');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\./);
    expect(a).not.toContain('jana');
    expect(await vault.decrypt('org_1', 'email', a)).toBe('jana@example.cz');
  });

  it('refuses a ciphertext moved to another organization or field', async () => {
    const vault = await PiiVault.create(generatePiiKeyMaterial());
    const ct = await vault.encrypt('org_1', 'email', 'jana@example.cz');
    await expect(vault.decrypt('org_2', 'email', ct)).rejects.toThrow();
    await expect(vault.decrypt('org_1', 'phone', ct)).rejects.toThrow();
  });

  it('gives a deterministic blind index, different per organization and per field', async () => {
    const vault = await PiiVault.create(generatePiiKeyMaterial());
    const i1 = await vault.blindIndex('org_1', 'email', 'jana@example.cz');
    expect(await vault.blindIndex('org_1', 'email', 'jana@example.cz')).toBe(i1);
    expect(await vault.blindIndex('org_2', 'email', 'jana@example.cz')).not.toBe(i1);
    expect(await vault.blindIndex('org_1', 'personal_email', 'jana@example.cz')).not.toBe(i1);
  });

  it('encrypts with the newest key and still decrypts with older ones (rotation)', async () => {
    const old = generatePiiKeyMaterial();
    const v1 = await PiiVault.create(old);
    const ct1 = await v1.encrypt('o', 'phone', '+420601123456');
    const next = generatePiiKeyMaterial();
    const rotated = await PiiVault.create(
      parsePiiKeyMaterial(`1:${old.encryption[1]},2:${next.encryption[1]}`, old.index),
    );
    expect(rotated.keyVersion).toBe(2);
    expect(await rotated.encrypt('o', 'phone', 'x')).toMatch(/^v2\./);
    expect(await rotated.decrypt('o', 'phone', ct1)).toBe('+420601123456');
  });

  it('uses node:crypto on Node, and both backends read what the other wrote', async () => {
    const material = generatePiiKeyMaterial();
    const node = await PiiVault.create(material);
    const web = await PiiVault.create(material, { primitives: 'webcrypto' });
    expect(node.backend).toBe('node');
    expect(web.backend).toBe('webcrypto');
    for (const value of ['jana@example.cz', 'Ólafur Þór 🦊 Олена', '', 'x'.repeat(5000)]) {
      expect(await web.decrypt('org_1', 'email', await node.encrypt('org_1', 'email', value))).toBe(value);
      expect(await node.decrypt('org_1', 'email', await web.encrypt('org_1', 'email', value))).toBe(value);
      expect(await node.blindIndex('org_1', 'email', value)).toBe(
        await web.blindIndex('org_1', 'email', value),
      );
    }
  });

  it.each(['node', 'webcrypto'] as const)(
    '%s: refuses a tampered or truncated ciphertext',
    async (backend) => {
      const vault = await PiiVault.create(generatePiiKeyMaterial(), {
        primitives: backend === 'node' ? 'auto' : 'webcrypto',
      });
      const ct = await vault.encrypt('org_1', 'email', 'jana@example.cz');
      const body = ct.slice(3);
      const flipped = `v1.${body.slice(0, 20)}${body[20] === 'A' ? 'B' : 'A'}${body.slice(21)}`;
      await expect(vault.decrypt('org_1', 'email', flipped)).rejects.toThrow();
      await expect(vault.decrypt('org_1', 'email', `v1.${body.slice(0, 10)}`)).rejects.toThrow();
      await expect(vault.decrypt('org_1', 'email', `v9.${body}`)).rejects.toThrow(/key version/);
    },
  );

  it.each([
    ['no keys', { encryption: {}, index: generatePiiKeyMaterial().index }],
    ['short key', { encryption: { 1: 'AAAA' }, index: generatePiiKeyMaterial().index }],
    ['short index key', { encryption: generatePiiKeyMaterial().encryption, index: 'AAAA' }],
  ])('rejects %s', async (_name, material) => {
    await expect(PiiVault.create(material)).rejects.toThrow(/PII/);
  });
});

describe('passwords', () => {
  it('hashes with scrypt at the current parameters and verifies', async () => {
    const hash = await hashPassword('leadgate-demo');
    expect(PASSWORD_HASH.scheme).toBe('scrypt');
    const { N, r, p } = PASSWORD_HASH as Extract<HashParams, { scheme: 'scrypt' }>;
    expect(hash).toMatch(new RegExp(`^scrypt\\$${N}\\$${r}\\$${p}\\$[\\w-]{22}\\$[\\w-]{43}$`));
    expect(await verifyPassword('leadgate-demo', hash)).toBe(true);
    expect(await verifyPassword('leadgate-demo ', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('verifies a PBKDF2 hash made by the earlier WebCrypto code, and marks it for rehashing', async () => {
    const old = 'pbkdf2-sha256$100000$AAECAwQFBgcICQoLDA0ODw$eTas5MAakwscGJhlVRBoWu12HK-74-rleaheOea3Vc0';
    expect(await verifyPassword('leadgate-demo', old)).toBe(true);
    expect(await verifyPassword('leadgate-demO', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it('verifies hashes made with other parameters (upgradable format)', async () => {
    const hash = await hashPassword('pw', { scheme: 'scrypt', N: 1024, r: 8, p: 1 });
    expect(hash.split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1']);
    expect(await verifyPassword('pw', hash)).toBe(true);
    expect(needsRehash(hash)).toBe(true);
  });

  it.each([
    'garbage',
    'pbkdf2-sha256$0$AAAA$AAAA',
    'pbkdf2-sha256$99999999$AAAA$AAAA',
    'scrypt$1000$8$1$AAAA$AAAA',
    'scrypt$1048576$8$1$AAAA$AAAA',
    'scrypt$1024$8$1$not base64!$AAAA',
  ])('refuses %s without throwing', async (stored) => {
    expect(await verifyPassword('pw', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });
});

describe('base64url', () => {
  it('encodes RFC 4648 vectors without padding, url-safe, and round-trips', () => {
    const enc = new TextEncoder();
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map((s) => toBase64Url(enc.encode(s)))).toEqual([
      '',
      'Zg',
      'Zm8',
      'Zm9v',
      'Zm9vYg',
      'Zm9vYmE',
      'Zm9vYmFy',
    ]);
    expect(toBase64Url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    const bytes = new Uint8Array(256).map((_, i) => i);
    expect([...fromBase64Url(toBase64Url(bytes))]).toEqual([...bytes]);
  });

  it('encodes only the view it is given, not the whole buffer behind it', () => {
    const whole = new Uint8Array([1, 2, 3, 4, 5, 6]);
    expect(toBase64Url(whole.subarray(2, 5))).toBe(toBase64Url(new Uint8Array([3, 4, 5])));
  });
});
