/**
 * Where a requirement comes from, as pointers an auditor can follow: one file per pointer, each a
 * path relative to the shared catalogue (`../shared` beside the repository), and a heading of it.
 *
 * A suite's `source` names its files joined by " and ". A requirement's `section` holds one or
 * more pointers joined by "; ": each is "[FILE ]HEADING[, DETAIL]" - FILE (a path with a folder,
 * ending .md, .yml or .yaml) when the heading is not in the suite's first file, HEADING a heading
 * of that file (a title line of a document, a key of an OpenAPI file), DETAIL the point within it.
 * tests/unit/source-pointers.spec.ts checks that every pointer resolves.
 */

export interface SourcePointer {
  /** Relative to the shared catalogue. */
  file: string;
  heading?: string;
  detail?: string;
}

/** The files a suite's `source` names. */
export function sourceFiles(source: string): string[] {
  return source
    .split(' and ')
    .map((f) => f.trim())
    .filter(Boolean);
}

const FILE_FIRST = /^(\S+\/\S+\.(?:md|ya?ml))(?:\s+(.*))?$/;

/** The pointers of a requirement: its section's, else one per file of its suite's source. */
export function sectionPointers(source: string, section?: string): SourcePointer[] {
  const files = sourceFiles(source);
  if (!section) return files.map((file) => ({ file }));
  return section.split('; ').map((part) => {
    const named = FILE_FIRST.exec(part.trim());
    const file = named ? named[1]! : (files[0] ?? source);
    const rest = named ? (named[2] ?? '') : part.trim();
    const comma = rest.indexOf(', ');
    const heading = comma < 0 ? rest : rest.slice(0, comma);
    const detail = comma < 0 ? undefined : rest.slice(comma + 2);
    return { file, ...(heading ? { heading } : {}), ...(detail ? { detail } : {}) };
  });
}

/** One pointer in words: `specs/x.md, section "Heading", point 2`. */
export function pointerText(p: SourcePointer): string {
  return `${p.file}${p.heading ? `, section "${p.heading}"` : ''}${p.detail ? `, ${p.detail}` : ''}`;
}
