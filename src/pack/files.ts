import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** One file of a report folder as the manifest lists it: its path with `/` separators, size and SHA-256. */
export interface PackFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/** The manifest and its signature: the only files of a pack that the manifest does not list. */
export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.jws';

/** Every file under the folder (any entry that is not a folder), but the manifest and its signature, sorted by path. */
export async function packPaths(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((p) => p !== MANIFEST && p !== SIGNATURE)
    .sort();
}

/** Size and SHA-256 of one file, streamed: Allure attachments may be large. */
export async function describeFile(dir: string, relative: string): Promise<PackFile> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path.join(dir, ...relative.split('/')))) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { path: relative, size, sha256: hash.digest('hex') };
}
