import { constants, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

const MiB = 1024 * 1024;

/**
 * The largest file Attesta reads for each kind of file a profile names. Every such file is read
 * whole into memory and parsed before anything runs, so the cap bounds both; each is far above
 * what a real file of its kind needs (a profile is a few KiB, a CA bundle well under 1 MiB, the
 * largest published PDND description about 0.8 MiB).
 */
export const FILE_LIMITS = {
  /** A target profile (--target). */
  profile: 1 * MiB,
  /** PEM certificates and trust bundles, keys, secrets, JWKS files. */
  file: 4 * MiB,
  /** An OpenAPI description. */
  openapi: 16 * MiB,
} as const;

export type FileKind = keyof typeof FILE_LIMITS;

/** Why a named file was not read, worded about a subject (its path, or "the target profile"). */
export class UnreadableFile extends Error {
  override name = 'UnreadableFile';
  constructor(
    /** "is a FIFO (named pipe), not a regular file", or an errno code such as ENOENT. */
    readonly reason: string,
    readonly errno?: string,
  ) {
    super(reason);
  }

  about(subject: string): string {
    return this.errno ? `cannot read ${subject} (${this.errno})` : `${subject} ${this.reason}`;
  }
}

const CHUNK = 64 * 1024;

/**
 * Reads a file a profile names: a regular file (after symbolic links) of at most the kind's
 * limit, or UnreadableFile. A device (/dev/zero, /dev/urandom), a FIFO, a socket or a directory is
 * refused without reading a byte, a file whose size is over the limit without reading it either.
 * It is opened non-blocking, since opening a FIFO would otherwise wait for a writer, and checked
 * on the open descriptor, so what is checked is what is read.
 */
export async function readProfileFile(file: string, kind: FileKind): Promise<Buffer> {
  const limit = FILE_LIMITS[kind];
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new UnreadableFile(`cannot be read (${errno})`, errno);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new UnreadableFile(`is ${typeOf(stats)}, not a regular file`);
    if (stats.size > limit) throw new UnreadableFile(tooLarge(kind, stats.size));
    // The size stat gives is not trusted (files in /proc say 0): read at most one byte past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(CHUNK), 0, CHUNK, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) throw new UnreadableFile(tooLarge(kind));
    }
  } finally {
    await handle.close();
  }
}

function typeOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function tooLarge(kind: FileKind, bytes?: number): string {
  const limit = `the ${size(FILE_LIMITS[kind])} Attesta reads for ${DESCRIPTION[kind]}`;
  return bytes === undefined ? `is larger than ${limit}` : `is ${size(bytes)}, more than ${limit}`;
}

const DESCRIPTION: Record<FileKind, string> = {
  profile: 'a target profile',
  file: 'a certificate, key, secret or JWKS file',
  openapi: 'an OpenAPI description',
};

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MiB) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 * MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  return `${(bytes / 1024 / MiB).toFixed(1)} GiB`;
}
