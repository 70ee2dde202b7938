import { test, expect } from '@playwright/test';
import { isFqdn, isIpAddress, matchesHostname } from '../../src/x509/hostname.js';

test('RFC 6125 matching: case-insensitive, wildcard only as the whole left-most label, one label deep', () => {
  expect(matchesHostname('EC.Example.IT', 'ec.example.it')).toBe(true);
  expect(matchesHostname('*.example.it', 'ec.example.it')).toBe(true);
  expect(matchesHostname('*.example.it', 'a.ec.example.it')).toBe(false);
  expect(matchesHostname('*.example.it', 'example.it')).toBe(false);
  expect(matchesHostname('e*.example.it', 'ec.example.it')).toBe(false);
  expect(matchesHostname('*.it', 'example.it')).toBe(false);
  expect(matchesHostname('ec.*.it', 'ec.example.it')).toBe(false);
  expect(matchesHostname('ec.example.it.', 'ec.example.it')).toBe(true);
  expect(matchesHostname('', 'ec.example.it')).toBe(false);
});

test('an FQDN has two or more valid labels and is not an IP address', () => {
  expect(isFqdn('myservice.subservice.it')).toBe(true);
  expect(isFqdn('localhost')).toBe(false);
  expect(isFqdn('127.0.0.1')).toBe(false);
  expect(isFqdn('-bad.example.it')).toBe(false);
  expect(isFqdn('ec.example.123')).toBe(false);
  expect(isIpAddress('::1')).toBe(true);
  expect(isIpAddress('10.1.2.3')).toBe(true);
  expect(isIpAddress('ec.example.it')).toBe(false);
});
