import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeFile, MANIFEST, packPaths, SIGNATURE, type PackFile } from './files.js';
import type { Manifest } from './manifest.js';
import { manifestSignatureValid } from './signature.js';

/** What `attesta verify` found: each problem names the file; notes say what was not checked. */
export interface PackCheck {
  readonly problems: string[];
  readonly notes: string[];
  readonly manifest?: Manifest;
}

function isManifest(value: unknown): value is Manifest {
  const m = value as Partial<Manifest> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.manifestVersion === 1 &&
    typeof m.run?.complete === 'boolean' &&
    Array.isArray(m.files) &&
    m.files.every(
      (f) => typeof f?.path === 'string' && typeof f.sha256 === 'string' && typeof f.size === 'number',
    )
  );
}

/** Reads manifest.json: its bytes (what the signature covers) and its content, or the problem. */
async function readManifest(dir: string): Promise<{ bytes: Buffer; manifest: Manifest } | string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, MANIFEST));
  } catch (e) {
    return `${MANIFEST}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`;
  }
  try {
    const manifest: unknown = JSON.parse(bytes.toString('utf8'));
    if (isManifest(manifest)) return { bytes, manifest };
  } catch {
    // Reported below, as for any other content that is not a manifest.
  }
  return `${MANIFEST}: is not an Attesta manifest`;
}

/** The folder's files now, and the ones that cannot be read (each a problem of the pack, named). */
async function filesNow(dir: string): Promise<{ found: PackFile[]; unreadable: Map<string, string> }> {
  const found: PackFile[] = [];
  const unreadable = new Map<string, string>();
  for (const p of await packPaths(dir)) {
    try {
      found.push(await describeFile(dir, p));
    } catch (e) {
      unreadable.set(p, (e as NodeJS.ErrnoException).code ?? String(e));
    }
  }
  return { found, unreadable };
}

/** Each file changed, added, removed or unreadable since the manifest was written. */
async function compare(dir: string, listed: readonly PackFile[]): Promise<string[]> {
  const { found, unreadable } = await filesNow(dir);
  const now = new Map(found.map((f) => [f.path, f]));
  const problems = [...unreadable].map(([p, code]) => `${p}: cannot be read (${code})`);
  for (const f of listed) {
    const current = now.get(f.path);
    now.delete(f.path);
    if (unreadable.has(f.path)) continue;
    if (!current) problems.push(`${f.path}: removed (listed in the manifest, not in the folder)`);
    else if (current.sha256 !== f.sha256 || current.size !== f.size)
      problems.push(`${f.path}: changed (its SHA-256 or size differs from the manifest)`);
  }
  for (const p of now.keys()) problems.push(`${p}: added (in the folder, not in the manifest)`);
  return problems;
}

/**
 * Checks a report folder against its manifest, and the manifest against its signature when a
 * public key is given. Only the files found in the folder are read, never a path the manifest names.
 */
export async function verifyPack(dir: string, publicKey?: KeyObject): Promise<PackCheck> {
  const read = await readManifest(dir);
  if (typeof read === 'string') return { problems: [read], notes: [] };
  const { bytes, manifest } = read;
  const problems = await compare(dir, manifest.files);
  const notes: string[] = [];
  if (publicKey) {
    const jws = await readFile(path.join(dir, SIGNATURE), 'utf8').catch(() => undefined);
    if (jws === undefined) problems.push(`${SIGNATURE}: missing, the pack is not signed`);
    else if (!(await manifestSignatureValid(bytes, jws, publicKey)))
      problems.push(`${SIGNATURE}: the signature of ${MANIFEST} does not verify with the given key`);
  } else {
    notes.push(
      'the signature was not checked (no --key): anyone who can edit the folder can rewrite its manifest',
    );
  }
  if (!manifest.run.complete)
    notes.push('the run that wrote this pack was interrupted: its reports are incomplete');
  return { problems, notes, manifest };
}
