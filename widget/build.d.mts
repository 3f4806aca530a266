/** Types of build.mjs, for the tests that import it. */
export type WidgetManifest = {
  file: string;
  hash: string;
  sri: string;
  bytes: number;
  gzip: number;
  brotli: number;
  /** The files widget.js imports on demand (outside its budget): Turnstile's glue, the de/cs/uk catalogs. */
  chunks: Record<
    'turnstile' | 'de' | 'cs' | 'uk',
    { file: string; bytes: number; gzip: number; brotli: number }
  >;
};

export const GZIP_BUDGET: number;

/** The manifest, and the source files bundled into widget.js (relative to the repository). */
export function buildWidget(options?: {
  outdir?: string;
  write?: boolean;
}): Promise<WidgetManifest & { inputs: string[] }>;
