/**
 * Quantities written back as text the way apimachinery's Quantity.String() canonicalizes them: a decimal
 * value takes the largest SI suffix that keeps it an integer ("250m", "2", "3k"); a binary one the largest
 * power of 1024 ("10240Ki" stays "10Mi").
 */
const decimalSuffixes: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const binarySuffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** `value` × 10^`exponent` (exponent a multiple of 3 from -9 to 18), e.g. (1500, -3) → "1500m", (2000, -3) → "2". */
export function formatDecimal(value: number, exponent: number): string {
  let v = Math.round(value);
  if (v === 0) return '0';
  let e = exponent;
  while (v !== 0 && v % 1000 === 0 && e < 18) {
    v /= 1000;
    e += 3;
  }
  return `${v}${decimalSuffixes[e] ?? `e${e}`}`;
}

/** A milli-value (upstream MilliValue), e.g. a CPU in millicores: 250 → "250m". */
export function formatMilli(milli: number): string {
  return formatDecimal(milli, -3);
}

/** Bytes as a BinarySI quantity: 1048576 → "1Mi"; values not a multiple of 1024 stay plain. */
export function formatBinary(bytes: number): string {
  let v = Math.round(bytes);
  let i = 0;
  while (v !== 0 && v % 1024 === 0 && i < binarySuffixes.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v}${binarySuffixes[i]}`;
}
