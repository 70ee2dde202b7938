import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Real inputs shared beside the repository (never copied into it). */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
