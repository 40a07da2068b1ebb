/**
 * A multipart/form-data body for `inject`: fields first, then files (as browsers and the CLI send
 * them).
 */
export function multipart(
  fields: Record<string, string>,
  files: { name: string; content: string | Buffer }[],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----wardtest';
  const parts: Buffer[] = [
    ...Object.entries(fields).map((e) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${e[0]}"\r\n\r\n${e[1]}\r\n`),
    ),
    ...files.flatMap((f) => [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content),
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ];
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
