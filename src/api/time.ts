/** How the API writes times: metav1.Time (RFC 3339, seconds) and metav1.MicroTime (microseconds). */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}
