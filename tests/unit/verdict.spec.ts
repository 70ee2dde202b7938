import { test, expect } from '@playwright/test';
import { applyLevel, exitCodeFor, worst } from '../../src/core/verdict.js';
import { Redactor, cutSignature } from '../../src/core/redact.js';
import { oneCharacterChanged } from '../../src/checks/http-auth/api-key.js';

test('SHOULD turns a failure into a warning; MANUAL is always manual', () => {
  expect(applyLevel('SHOULD', 'fail')).toBe('warn');
  expect(applyLevel('MUST', 'fail')).toBe('fail');
  expect(applyLevel('MANUAL', 'pass')).toBe('manual');
});

test('findings combine with failure first, then the unknown, then warnings', () => {
  expect(worst(['pass', 'inconclusive', 'fail'])).toBe('fail');
  expect(worst(['pass', 'warn', 'inconclusive'])).toBe('inconclusive');
  expect(worst(['pass', 'warn'])).toBe('warn');
  expect(worst([])).toBe('not-applicable');
});

test('exit status: FAIL beats an inconclusive MUST; an inconclusive SHOULD does not block; interruption is 3', () => {
  expect(
    exitCodeFor(
      [
        { level: 'MUST', verdict: 'fail' },
        { level: 'MUST', verdict: 'inconclusive' },
      ],
      true,
    ),
  ).toBe(1);
  expect(exitCodeFor([{ level: 'MUST', verdict: 'inconclusive' }], true)).toBe(3);
  expect(
    exitCodeFor(
      [
        { level: 'SHOULD', verdict: 'inconclusive' },
        { level: 'MUST', verdict: 'warn' },
      ],
      true,
    ),
  ).toBe(0);
  expect(exitCodeFor([{ level: 'MUST', verdict: 'pass' }], false)).toBe(3);
});

test('the redactor removes every registered secret, longest first, and each line of a PEM key', () => {
  const r = new Redactor();
  r.add('0123456789abcdef');
  r.add(
    '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\nAwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n',
  );
  expect(r.redact('key=0123456789abcdef;')).toBe('key=[redacted];');
  expect(r.redact('line MIGHAgEAMBMGByqGSM49AgEGCCqGSM49 leaked')).toBe('line [redacted] leaked');
  expect(r.redactValue({ a: ['x0123456789abcdefx'] })).toEqual({ a: ['x[redacted]x'] });
  r.add('pa"ss\\word');
  expect(r.redactValue({ reason: 'sent pa"ss\\word', n: 1 })).toEqual({ reason: 'sent [redacted]', n: 1 });
  expect(cutSignature('aaa.bbb.ccc')).toBe('aaa.bbb.[signature cut]');
});

test('one character changed stays in the key alphabet and differs', () => {
  for (const key of ['abcdef0123456789', 'abcdef012345678a', 'ABCDEFGH', 'xyzA']) {
    const changed = oneCharacterChanged(key);
    expect(changed).not.toBe(key);
    expect(changed.slice(0, -1)).toBe(key.slice(0, -1));
  }
});
