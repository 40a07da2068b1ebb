/**
 * The `ward` executable a user runs (bin/ward.js), not the test run's build of the sources that
 * the other end-to-end tests start: in a source checkout it runs the TypeScript sources.
 */
import { describe, expect, it } from 'vitest';
import { runWard } from '../setup/run-ward.js';

describe('bin/ward.js', () => {
  it('runs the sources: version, the command list, and a usage error with exit code 2', async () => {
    const version = await runWard(['--version'], {}, undefined, { viaBin: true });
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    const help = await runWard(['--help'], {}, undefined, { viaBin: true });
    expect(help.code).toBe(0);
    for (const command of ['alert', 'exposure', 'incident', 'serve', 'demo'])
      expect(help.stdout).toContain(command);
    const wrong = await runWard(['no-such-command'], {}, undefined, { viaBin: true });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("unknown command 'no-such-command'");
  });
});
