/** How the API writes times: metav1.Time (RFC 3339, seconds) and metav1.MicroTime (microseconds). */
/** The last second formatted: every write stamps the time, mostly within the same second as the last. */
let lastSecond = NaN;
let lastText = '';

export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastText;
}

export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}
