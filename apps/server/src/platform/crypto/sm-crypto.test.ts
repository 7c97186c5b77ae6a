import { createCipheriv } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decryptField, encryptField, generateSecretKey, lookupHash, parseSecretKey, randomToken, sm3Hex } from './sm-crypto';

const KEY_HEX = '3f8a1c0e9b7d6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa998877';
const keys = parseSecretKey(KEY_HEX);
const otherKeys = parseSecretKey(generateSecretKey());

function payloadOf(stored: string): Buffer {
  return Buffer.from(stored.slice('v1.'.length), 'base64url');
}

describe('sm3Hex', () => {
  it('matches the GB/T 32905-2016 test vectors', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3Hex('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('hashes a string as its UTF-8 bytes', () => {
    expect(sm3Hex('聊城')).toBe(sm3Hex(Buffer.from('聊城', 'utf8')));
  });
});

describe('the SM4 cipher OpenSSL provides', () => {
  it('is SM4 (GB/T 32907-2016 test vector)', () => {
    const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const cipher = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    const out = Buffer.concat([cipher.update(key), cipher.final()]);
    expect(out.toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });
});

describe('generateSecretKey', () => {
  it('returns 64 lowercase hex characters that parseSecretKey accepts', () => {
    const key = generateSecretKey();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(() => parseSecretKey(key)).not.toThrow();
  });

  it('returns a different key each time', () => {
    expect(new Set(Array.from({ length: 20 }, generateSecretKey)).size).toBe(20);
  });
});

describe('parseSecretKey', () => {
  it('derives three distinct keys of the right lengths', () => {
    expect(keys.sm4Key.length).toBe(16);
    expect(keys.macKey.length).toBe(32);
    expect(keys.hmacKey.length).toBe(32);
    const hex = [keys.sm4Key, keys.macKey, keys.hmacKey].map((k) => k.toString('hex'));
    expect(new Set(hex).size).toBe(3);
    // No derived key is the master key or a slice of it.
    for (const h of hex) {
      expect(KEY_HEX.includes(h)).toBe(false);
    }
  });

  it('is deterministic, case-insensitive and ignores surrounding whitespace', () => {
    const again = parseSecretKey(`  ${KEY_HEX.toUpperCase()}\n`);
    expect(again.sm4Key.equals(keys.sm4Key)).toBe(true);
    expect(again.macKey.equals(keys.macKey)).toBe(true);
    expect(again.hmacKey.equals(keys.hmacKey)).toBe(true);
  });

  it('derives unrelated keys from different master keys', () => {
    expect(otherKeys.sm4Key.equals(keys.sm4Key)).toBe(false);
    expect(otherKeys.hmacKey.equals(keys.hmacKey)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['63 characters', KEY_HEX.slice(1)],
    ['65 characters', `${KEY_HEX}0`],
    ['a non-hex character', `${KEY_HEX.slice(0, 63)}g`],
    ['inner whitespace', `${KEY_HEX.slice(0, 32)} ${KEY_HEX.slice(33)}`],
    ['base64 instead of hex', Buffer.from(KEY_HEX, 'hex').toString('base64')],
    ['all zeros (placeholder)', '0'.repeat(64)],
    ['one repeated byte (placeholder)', 'ab'.repeat(32)],
  ])('rejects %s with a message naming ZQ_SECRET_KEY', (_label, bad) => {
    expect(() => parseSecretKey(bad)).toThrow(/ZQ_SECRET_KEY/);
  });

  it('rejects a non-string', () => {
    expect(() => parseSecretKey(undefined as unknown as string)).toThrow(/ZQ_SECRET_KEY/);
  });

  it('never echoes the (secret) input in its error message', () => {
    const almost = `${KEY_HEX.slice(0, 63)}z`;
    try {
      parseSecretKey(almost);
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(almost.slice(0, 16));
    }
  });
});

describe('encryptField / decryptField', () => {
  it.each([
    ['an ID number', '37150219800101123X'],
    ['a mobile number', '13800138000'],
    ['Chinese text', '聊城市东昌府区柳园街道'],
    ['the empty string', ''],
    ['exactly one block', '0123456789abcdef'],
    ['a long value', 'x'.repeat(5000)],
    ['emoji', 'ok 👍🏽'],
  ])('round-trips %s', (_label, plaintext) => {
    expect(decryptField(keys, encryptField(keys, plaintext))).toBe(plaintext);
  });

  it('round-trips any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (plaintext) => decryptField(keys, encryptField(keys, plaintext)) === plaintext),
    );
  });

  it("produces 'v1.' + base64url of iv (16) + whole SM4 blocks + MAC (32)", () => {
    const stored = encryptField(keys, '13800138000');
    expect(stored).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    // 11 bytes pad to one block: 16 + 16 + 32 bytes.
    expect(payloadOf(stored).length).toBe(64);
    expect(payloadOf(encryptField(keys, '0123456789abcdef')).length).toBe(16 + 32 + 32);
  });

  it('uses a fresh IV each time, so equal plaintexts give different ciphertexts', () => {
    const a = encryptField(keys, '13800138000');
    const b = encryptField(keys, '13800138000');
    expect(a).not.toBe(b);
    expect(payloadOf(a).subarray(0, 16).equals(payloadOf(b).subarray(0, 16))).toBe(false);
    expect(decryptField(keys, a)).toBe(decryptField(keys, b));
  });

  it('does not leak the plaintext into the stored value', () => {
    const stored = encryptField(keys, '13800138000');
    expect(stored).not.toContain('13800138000');
    expect(payloadOf(stored).includes(Buffer.from('13800138000'))).toBe(false);
  });

  it('throws when any single byte of the payload is flipped (iv, ciphertext or MAC)', () => {
    const stored = encryptField(keys, '371502198001011234');
    const raw = payloadOf(stored);
    for (let i = 0; i < raw.length; i++) {
      const tampered = Buffer.from(raw);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      expect(() => decryptField(keys, `v1.${tampered.toString('base64url')}`)).toThrow(/authentication failed/);
    }
  });

  it('throws when blocks are dropped, appended or swapped between values', () => {
    const raw = payloadOf(encryptField(keys, 'a'.repeat(40)));
    const other = payloadOf(encryptField(keys, 'b'.repeat(40)));
    const dropBlock = Buffer.concat([raw.subarray(0, 32), raw.subarray(48)]);
    const addBlock = Buffer.concat([raw.subarray(0, raw.length - 32), Buffer.alloc(16), raw.subarray(raw.length - 32)]);
    const foreignMac = Buffer.concat([raw.subarray(0, raw.length - 32), other.subarray(other.length - 32)]);
    for (const bad of [dropBlock, addBlock, foreignMac]) {
      expect(() => decryptField(keys, `v1.${bad.toString('base64url')}`)).toThrow(/decryptField/);
    }
  });

  it('throws with a different key', () => {
    expect(() => decryptField(otherKeys, encryptField(keys, 'secret'))).toThrow(/authentication failed/);
  });

  it.each([
    ['empty', ''],
    ['plaintext', '13800138000'],
    ['unknown version', 'v2.AAAA'],
    ['prefix only', 'v1.'],
    ['non-base64url characters', 'v1.abc+def/ghi='],
    ['too short', `v1.${Buffer.alloc(47).toString('base64url')}`],
    ['ciphertext not whole blocks', `v1.${Buffer.alloc(16 + 17 + 32).toString('base64url')}`],
  ])('rejects a bad format: %s', (_label, stored) => {
    expect(() => decryptField(keys, stored)).toThrow(/decryptField/);
  });
});

describe('lookupHash', () => {
  it('is stable for the same key and value', () => {
    expect(lookupHash(keys, '13800138000')).toBe(lookupHash(keys, '13800138000'));
    expect(lookupHash(keys, '13800138000')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on the key (not a plain hash an attacker could precompute)', () => {
    expect(lookupHash(otherKeys, '13800138000')).not.toBe(lookupHash(keys, '13800138000'));
    expect(lookupHash(keys, '13800138000')).not.toBe(sm3Hex('13800138000'));
  });

  it('does not use the encryption MAC key (keys are separated by purpose)', () => {
    const swapped = { ...keys, hmacKey: keys.macKey };
    expect(lookupHash(swapped, '13800138000')).not.toBe(lookupHash(keys, '13800138000'));
  });

  it('normalizes case, surrounding whitespace and full-width characters', () => {
    const h = lookupHash(keys, '37150219800101123X');
    expect(lookupHash(keys, '37150219800101123x')).toBe(h);
    expect(lookupHash(keys, ' 37150219800101123X\t')).toBe(h);
    expect(lookupHash(keys, '３７１５０２１９８００１０１１２３Ｘ')).toBe(h);
  });

  it('distinguishes different values', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.stringMatching(/^1[3-9]\d{9}$/), (a, b) => {
        fc.pre(a !== b);
        return lookupHash(keys, a) !== lookupHash(keys, b);
      }),
    );
  });
});

describe('randomToken', () => {
  it('returns base64url of 32 bytes by default', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url').length).toBe(32);
  });

  it('honours the byte count', () => {
    expect(Buffer.from(randomToken(16), 'base64url').length).toBe(16);
    expect(randomToken(1)).toMatch(/^[A-Za-z0-9_-]{2}$/);
  });

  it('does not repeat', () => {
    expect(new Set(Array.from({ length: 100 }, () => randomToken())).size).toBe(100);
  });

  it.each([0, -1, 1.5, Number.NaN, 1025])('rejects a byte count of %s', (bytes) => {
    expect(() => randomToken(bytes)).toThrow(RangeError);
  });
});
