// Signatures as storable values: base64 of the little-endian 32-bit words (a 128-hash signature
// is 684 characters), or a plain number[] for a JSON column.

export function encodeSignature(signature: ArrayLike<number>): string {
  const bytes = new Uint8Array(signature.length * 4);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < signature.length; index++)
    view.setUint32(index * 4, (signature[index] ?? 0) >>> 0, true);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function decodeSignature(encoded: string): Uint32Array {
  const binary = atob(encoded);
  if (binary.length % 4 !== 0)
    throw new RangeError("An encoded signature must be a whole number of 32-bit words");
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index++)
    view.setUint8(index, binary.charCodeAt(index));
  const signature = new Uint32Array(binary.length / 4);
  for (let index = 0; index < signature.length; index++)
    signature[index] = view.getUint32(index * 4, true);
  return signature;
}

export function signatureToArray(signature: ArrayLike<number>): number[] {
  return Array.from(signature, (value) => value >>> 0);
}
