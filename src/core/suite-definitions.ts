import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { newAjv, schemaProblem } from './json-schema.js';
import type { SuiteDefinition } from './suite.js';

const SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));

async function suiteValidator(): Promise<ValidateFunction> {
  const schema = JSON.parse(await readFile(path.join(SUITES_DIR, 'suite.schema.json'), 'utf8')) as object;
  return newAjv().compile(schema);
}

/**
 * The declarative suites in `dir` (those shipped in suites/ by default), in a stable order, each validated by
 * suites/suite.schema.json. A bad file is a defect of the harness: the error names the file and
 * the field.
 */
export async function loadSuiteDefinitions(dir = SUITES_DIR): Promise<SuiteDefinition[]> {
  const validate = await suiteValidator();
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (f) => {
      const data: unknown = parseYaml(await readFile(path.join(dir, f), 'utf8'));
      if (!validate(data)) {
        const problem = schemaProblem(validate.errors);
        throw new Error(
          `${path.join(path.relative(process.cwd(), dir) || '.', f)} ${problem.field}: ${problem.message}`,
        );
      }
      return data as SuiteDefinition;
    }),
  );
}
