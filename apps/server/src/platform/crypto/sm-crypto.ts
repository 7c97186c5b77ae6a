import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** The three keys derived from ZQ_SECRET_KEY; each is used for one purpose only. */
export type FieldKeys = { sm4Key: Buffer; hmacKey: Buffer; macKey: Buffer };

const FORMAT_PREFIX = 'v1.';
const VERSION_BYTE = 0x01;
const IV_BYTES = 16;
const BLOCK_BYTES = 16;
const MAC_BYTES = 32;
// Fixed salt and per-purpose info strings: changing any of them changes every derived key.
const HKDF_SALT = Buffer.from('zhengqi/zq-secret-key/v1', 'utf8');

/** SM3 digest of a UTF-8 string or raw bytes, as lowercase hex. */
export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

/** A fresh ZQ_SECRET_KEY: 32 random bytes as 64 lowercase hex characters. */
export function generateSecretKey(): string {
  return randomBytes(32).toString('hex');
}

function deriveKey(master: Buffer, purpose: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sm3', master, HKDF_SALT, `zhengqi/${purpose}`, length));
}

/** Parses ZQ_SECRET_KEY (64 hex chars) and derives the SM4, MAC and lookup keys with HKDF-SM3. */
export function parseSecretKey(hex: string): FieldKeys {
  if (typeof hex !== 'string') {
    throw new Error('ZQ_SECRET_KEY must be a string of 64 hex characters');
  }
  // Trim only: a trailing newline from a secrets file is common and harmless.
  const trimmed = hex.trim();
  // The message never echoes the value: it is a secret even when malformed.
  if (!/^[0-9a-fA-F]{64}$/.test(trimmed)) {
    throw new Error(`ZQ_SECRET_KEY must be exactly 64 hex characters (32 bytes); got ${trimmed.length} characters${trimmed.length === 64 ? ' with non-hex characters' : ''}. Generate one with generateSecretKey()`);
  }
  const master = Buffer.from(trimmed, 'hex');
  // A key of one repeated byte (000…, fff…) is a placeholder copied from an example, not a secret.
  if (master.every((b) => b === master[0])) {
    throw new Error('ZQ_SECRET_KEY is a placeholder (one repeated byte); generate a random key with generateSecretKey()');
  }
  return {
    sm4Key: deriveKey(master, 'field-encryption/sm4-cbc', 16),
    macKey: deriveKey(master, 'field-encryption/hmac-sm3', 32),
    hmacKey: deriveKey(master, 'lookup/hmac-sm3', 32),
  };
}

function fieldMac(keys: FieldKeys, versionIvCiphertext: Buffer): Buffer {
  return createHmac('sm3', keys.macKey).update(versionIvCiphertext).digest();
}

/** Encrypts one field: SM4-CBC with a random IV, then HMAC-SM3 over version‖iv‖ciphertext; returns 'v1.<base64url>'. */
export function encryptField(keys: FieldKeys, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('sm4-cbc', keys.sm4Key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const authenticated = Buffer.concat([Buffer.from([VERSION_BYTE]), iv, ciphertext]);
  const mac = fieldMac(keys, authenticated);
  // The version byte is authenticated but not stored twice: the 'v1.' prefix carries it.
  return FORMAT_PREFIX + Buffer.concat([iv, ciphertext, mac]).toString('base64url');
}

/** Decrypts a value from encryptField; throws on a bad format or a failed MAC check (tampering or a wrong key). */
export function decryptField(keys: FieldKeys, stored: string): string {
  if (typeof stored !== 'string' || !stored.startsWith(FORMAT_PREFIX)) {
    throw new Error("decryptField: not an encrypted field (expected prefix 'v1.')");
  }
  const body = stored.slice(FORMAT_PREFIX.length);
  // Node's base64url decoder skips invalid characters silently, so check the alphabet first.
  if (!/^[A-Za-z0-9_-]+$/.test(body)) {
    throw new Error('decryptField: malformed base64url payload');
  }
  const raw = Buffer.from(body, 'base64url');
  const ciphertextLength = raw.length - IV_BYTES - MAC_BYTES;
  if (ciphertextLength < BLOCK_BYTES || ciphertextLength % BLOCK_BYTES !== 0) {
    throw new Error('decryptField: payload has the wrong length');
  }
  const iv = raw.subarray(0, IV_BYTES);
  const ciphertext = raw.subarray(IV_BYTES, IV_BYTES + ciphertextLength);
  const mac = raw.subarray(IV_BYTES + ciphertextLength);
  const expected = fieldMac(keys, Buffer.concat([Buffer.from([VERSION_BYTE]), iv, ciphertext]));
  // MAC before decrypting (encrypt-then-MAC): no padding oracle, constant-time comparison.
  if (!timingSafeEqual(mac, expected)) {
    throw new Error('decryptField: authentication failed (tampered value or wrong key)');
  }
  const decipher = createDecipheriv('sm4-cbc', keys.sm4Key, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}

/** Keyed HMAC-SM3 hex of a normalized value (NFKC, trimmed, upper-cased) for exact lookup without decrypting. */
export function lookupHash(keys: FieldKeys, value: string): string {
  // NFKC folds full-width digits (１３８…) typed on Chinese keyboards; upper-casing folds the ID's x/X.
  // Domain normalization (normalizePhone, validateNationalId) should still run first.
  const normalized = value.normalize('NFKC').trim().toUpperCase();
  return createHmac('sm3', keys.hmacKey).update(normalized, 'utf8').digest('hex');
}

/** A random base64url token of `bytes` random bytes (default 32). */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
    throw new RangeError(`randomToken: bytes must be an integer in 1..1024, got ${String(bytes)}`);
  }
  return randomBytes(bytes).toString('base64url');
}
