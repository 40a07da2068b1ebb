import { describe, expect, it } from 'vitest';
import { webhookSecretProblem, webhookUrlProblem } from './webhook-endpoint.js';

describe('webhook endpoints', () => {
  it('accepts https anywhere and plain http only to this machine', () => {
    expect(webhookUrlProblem('https://soc.london.example/hooks/ward')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8443/hook')).toBeNull();
    expect(webhookUrlProblem('http://localhost/hook')).toBeNull();
    expect(webhookUrlProblem('http://[::1]:9000/')).toBeNull();
    expect(webhookUrlProblem('http://soc.london.example/hook')).toMatch(/must use https/);
    expect(webhookUrlProblem('ftp://soc.london.example/')).toMatch(/must be https/);
    expect(webhookUrlProblem('soc.london.example/hook')).toMatch(/not a URL/);
    expect(webhookUrlProblem('https://user:pw@soc.london.example/')).toMatch(/user name or password/);
  });

  it('asks for a long secret without spaces', () => {
    expect(webhookSecretProblem('s3cret-for-the-london-soc')).toBeNull();
    expect(webhookSecretProblem('short')).toMatch(/at least 16 characters \(got 5\)/);
    expect(webhookSecretProblem('a long secret with spaces')).toMatch(/spaces/);
  });
});
