// @peculiar/x509 needs the Reflect polyfill loaded before it, whoever imports this module first.
import 'reflect-metadata';
import type { X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { recentlyUsed } from '../core/recent.js';

/**
 * The same few certificates are decoded for every target of a run (an intermediary's client
 * certificate, pagoPA's forwarder chain), and decoding them in @peculiar/x509 costs more than a
 * handshake: each is decoded once while in use. The decoded certificate is only read, never changed.
 */
const decoded = recentlyUsed<x509.X509Certificate>(256);

/** @peculiar/x509's view of a certificate: names as DER, extensions by type. */
export function decodedCertificate(cert: X509Certificate): x509.X509Certificate {
  return decoded(cert.fingerprint256, () => new x509.X509Certificate(cert.raw));
}
