/**
 * Progress of long work: a single rewritten line on a terminal, JSON lines with `--json`, nothing
 * when stderr is not a terminal (logs stay clean).
 */

export interface Progress {
  update(fields: Record<string, string | number>): void;
  done(): void;
}

export function progress(label: string, json: boolean): Progress {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return {
    update(fields) {
      if (json) {
        process.stdout.write(`${JSON.stringify({ progress: label, ...fields })}\n`);
        return;
      }
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const text = Object.entries(fields)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-GB') : v}`)
        .join('  ');
      process.stderr.write(`\r\x1b[2K${label}  ${text}`);
    },
    done() {
      if (!json && tty) process.stderr.write('\r\x1b[2K');
    },
  };
}
