import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.js';
import { newAjv, schemaProblem } from '../core/json-schema.js';
import type { ResultRecord } from '../core/suite.js';
import { parseYamlLinear, YamlError } from '../core/yaml.js';

const SCHEMA = fileURLToPath(new URL('../../config/schema/waivers.schema.json', import.meta.url));

/** One agreed exception, as written in a waivers file (config/schema/waivers.schema.json). */
export interface Waiver {
  target: string;
  requirement: string;
  site?: string;
  justification: string;
  owner: string;
  ticket: string;
  /** The last day it applies, YYYY-MM-DD (UTC). */
  expires: string;
}

/** What became of each waiver in a run. */
export interface WaiverReview {
  /** Matched a FAIL and still in force: that FAIL is waived. */
  applied: Waiver[];
  /** Past its date: no effect; the FAIL it would cover counts. */
  expired: Waiver[];
  /** In force but matching no FAIL: the problem was fixed, or the waiver names the wrong thing. */
  stale: Waiver[];
}

/** Reads and validates a waivers file: exit 2 naming the file and the field, as for a profile. */
export async function loadWaivers(file: string): Promise<Waiver[]> {
  const abs = path.resolve(file);
  let data: unknown;
  try {
    data = parseYamlLinear(await readFile(abs, 'utf8'));
  } catch (e) {
    if (e instanceof YamlError) throw new ConfigError(`is not valid YAML: ${e.message}`, abs, e.field);
    throw new ConfigError(
      `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      abs,
      '--waivers',
    );
  }
  const validate = newAjv().compile(JSON.parse(await readFile(SCHEMA, 'utf8')) as object);
  if (!validate(data)) {
    const problem = schemaProblem(validate.errors);
    throw new ConfigError(problem.message, abs, problem.field);
  }
  return (data as { waivers: Waiver[] }).waivers;
}

const inForce = (w: Waiver, day: string) => w.expires >= day;

const matches = (w: Waiver, r: Pick<ResultRecord, 'target' | 'id' | 'site'>) =>
  w.target === r.target && w.requirement === r.id && (w.site === undefined || w.site === r.site);

/** The waiver in force that covers a result, if it is a FAIL and one does. `day` is YYYY-MM-DD. */
export function waiverFor(waivers: readonly Waiver[], r: ResultRecord, day: string): Waiver | undefined {
  if (r.verdict !== 'fail') return undefined;
  return waivers.find((w) => inForce(w, day) && matches(w, r));
}

/** Sorts the waivers of a run into applied, expired and stale, given its FAILs. */
export function reviewWaivers(
  waivers: readonly Waiver[],
  fails: readonly Pick<ResultRecord, 'target' | 'id' | 'site'>[],
  day: string,
): WaiverReview {
  const review: WaiverReview = { applied: [], expired: [], stale: [] };
  for (const w of waivers) {
    if (!inForce(w, day)) review.expired.push(w);
    else if (fails.some((r) => matches(w, r))) review.applied.push(w);
    else review.stale.push(w);
  }
  return review;
}
