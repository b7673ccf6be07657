// RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) for tests, with RFC 4648 base32 secrets.
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text) {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch);
    if (index < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(code).padStart(digits, '0');
}

export const timeStep = (ms = Date.now(), period = 30) => Math.floor(ms / 1000 / period);

export function totp(secretBase32, ms = Date.now()) {
  return hotp(base32Decode(secretBase32), timeStep(ms));
}

/** Wait until the 30 s step is later than `step` (codes are accepted once per step). */
export async function waitForStepAfter(step) {
  while (timeStep() <= step) await new Promise((r) => setTimeout(r, 250));
}
