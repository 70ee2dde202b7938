import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { VERSION } from '../version.js';
import { describeFile, MANIFEST, packPaths, SIGNATURE, type PackFile } from './files.js';
import { signManifest } from './signature.js';
import type { ManifestSigningKey } from './signing-key.js';

/** manifest.json: what a report folder held when the run wrote it. */
export interface Manifest {
  readonly manifestVersion: 1;
  readonly harness: { readonly name: 'attesta'; readonly version: string };
  /** false when the run was interrupted: its reports are partial, and the pack says so. */
  readonly run: { readonly complete: boolean };
  readonly createdAt: string;
  /** Every file of the folder but manifest.json and manifest.jws, sorted by path. */
  readonly files: readonly PackFile[];
}

export interface ManifestOptions {
  complete: boolean;
  /** With a key, manifest.jws is written beside the manifest. */
  signingKey?: ManifestSigningKey;
}

/** What the manifest of this folder would say now. */
export async function currentFiles(dir: string): Promise<PackFile[]> {
  const files: PackFile[] = [];
  for (const p of await packPaths(dir)) files.push(await describeFile(dir, p));
  return files;
}

/**
 * Writes manifest.json (and, with a key, manifest.jws) into a report folder, after every report is
 * written. The key itself is never written: only its thumbprint, in the JWS header.
 */
export async function writeManifest(outDir: string, options: ManifestOptions): Promise<Manifest> {
  const manifest: Manifest = {
    manifestVersion: 1,
    harness: { name: 'attesta', version: VERSION },
    run: { complete: options.complete },
    createdAt: new Date().toISOString(),
    files: await currentFiles(outDir),
  };
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  await writeFile(path.join(outDir, MANIFEST), bytes);
  if (options.signingKey)
    await writeFile(path.join(outDir, SIGNATURE), `${await signManifest(bytes, options.signingKey)}\n`);
  return manifest;
}
