import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../version.js';

/** Who ran a report, with what, from where, against which profiles: for the auditor. */
export interface Provenance {
  harness: { version: string; commit?: string };
  node: string;
  openssl: string;
  host: string;
  user: string;
  /** The CI job, from the CI's usual variables, when run in CI. */
  ci?: { provider: string; jobUrl?: string };
  targets: {
    name: string;
    profile: string;
    sha256: string;
    description?: string;
    /** The URLs the profile points the checks at, and the addresses it connects to instead (address overrides). */
    urls: string[];
    addresses: string[];
  }[];
  /** Reference target faults switched on (`--fault`), when the reference was the target. */
  faults?: string[];
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The checkout's commit, read from .git without running git (absent in an npm install). In a git
 * worktree .git is a file naming the worktree's folder, whose refs live in the common folder.
 */
export function gitCommit(root = ROOT): string | undefined {
  try {
    let git = path.join(root, '.git');
    if (statSync(git).isFile())
      git = path.resolve(
        root,
        readFileSync(git, 'utf8')
          .replace(/^gitdir:\s*/, '')
          .trim(),
      );
    const common = existsSync(path.join(git, 'commondir'))
      ? path.resolve(git, readFileSync(path.join(git, 'commondir'), 'utf8').trim())
      : git;
    const head = readFileSync(path.join(git, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    for (const dir of [git, common]) {
      if (existsSync(path.join(dir, ref))) return readFileSync(path.join(dir, ref), 'utf8').trim();
    }
    const packed = readFileSync(path.join(common, 'packed-refs'), 'utf8');
    return packed
      .split('\n')
      .find((l) => l.endsWith(` ${ref}`))
      ?.split(' ')[0];
  } catch {
    return undefined;
  }
}

/** The CI job, as GitHub Actions, GitLab CI and Jenkins name it; a bare CI=true says only "CI". */
export function ciJob(env: NodeJS.ProcessEnv = process.env): Provenance['ci'] {
  if (env['GITHUB_ACTIONS'] === 'true') {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
    return {
      provider: 'GitHub Actions',
      ...(server && repo && run ? { jobUrl: `${server}/${repo}/actions/runs/${run}` } : {}),
    };
  }
  if (env['GITLAB_CI'] === 'true')
    return { provider: 'GitLab CI', ...(env['CI_JOB_URL'] ? { jobUrl: env['CI_JOB_URL'] } : {}) };
  if (env['JENKINS_URL'])
    return { provider: 'Jenkins', ...(env['BUILD_URL'] ? { jobUrl: env['BUILD_URL'] } : {}) };
  return env['CI'] ? { provider: 'CI' } : undefined;
}

/** The provenance of a run over these profiles (name, file, description as loaded). */
export async function provenanceOf(
  profiles: readonly { name: string; file: string; data: Record<string, unknown> }[],
  faults?: readonly string[],
): Promise<Provenance> {
  const commit = gitCommit();
  const ci = ciJob();
  return {
    harness: { version: VERSION, ...(commit ? { commit } : {}) },
    node: process.version,
    openssl: process.versions.openssl,
    host: os.hostname(),
    user: os.userInfo().username,
    ...(ci ? { ci } : {}),
    targets: await Promise.all(
      profiles.map(async (p) => ({
        name: p.name,
        profile: path.basename(p.file),
        sha256: createHash('sha256')
          .update(await readFile(p.file))
          .digest('hex'),
        ...(typeof p.data['description'] === 'string' ? { description: p.data['description'] } : {}),
        ...endpointsOf(p.data),
      })),
    ),
    ...(faults?.length ? { faults: [...faults] } : {}),
  };
}

/** Every URL and address override a profile names, wherever its suite blocks put them. */
function endpointsOf(data: unknown): { urls: string[]; addresses: string[] } {
  const urls = new Set<string>();
  const addresses = new Set<string>();
  const walk = (value: unknown, key: string) => {
    if (typeof value === 'string') {
      if (/^https?:\/\//.test(value)) urls.add(value);
      else if (key === 'address') addresses.add(value);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(data, '');
  return { urls: [...urls], addresses: [...addresses] };
}
