import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { ResultRecord } from '../core/suite.js';

/** The prefix of a spill folder; the writer clears one a killed run left behind (write.ts). */
export const SPILL_PREFIX = '.attesta-spill-';

/**
 * Results on disk, one JSON line each, in the order they came, in a folder of their own inside
 * `workDir` (results.jsonl). Memory keeps the offset and length of each line, so a result is read
 * back by position, in any order, as often as a reporter asks. Writes are synchronous: a result
 * is on disk when `append` returns, and no buffer grows with a slow disk.
 */
export class ResultSpill {
  private readonly dir: string;
  private readonly fd: number;
  private readonly offsets: number[] = [];
  private readonly lengths: number[] = [];
  private size = 0;

  constructor(workDir: string) {
    mkdirSync(workDir, { recursive: true });
    this.dir = mkdtempSync(path.join(workDir, SPILL_PREFIX));
    this.fd = openSync(this.file, 'w+', 0o600);
  }

  /** The spill file (tests watch it grow). */
  get file(): string {
    return path.join(this.dir, 'results.jsonl');
  }

  /** Stores a result; returns its reference for `read`. */
  append(result: ResultRecord): number {
    const line = Buffer.from(`${JSON.stringify(result)}\n`);
    writeSync(this.fd, line, 0, line.length, this.size);
    this.offsets.push(this.size);
    this.lengths.push(line.length);
    this.size += line.length;
    return this.offsets.length - 1;
  }

  read(ref: number): ResultRecord {
    const length = this.lengths[ref];
    if (length === undefined) throw new Error(`no spilled result #${ref}`);
    const buffer = Buffer.allocUnsafe(length);
    readSync(this.fd, buffer, 0, length, this.offsets[ref]!);
    return JSON.parse(buffer.toString('utf8')) as ResultRecord;
  }

  /** Deletes the spill; nothing can be read after. */
  remove(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
