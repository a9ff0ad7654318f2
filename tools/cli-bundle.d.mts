/** Types of tools/cli-bundle.mjs (plain JavaScript: it runs before anything is built). */

/** Folders whose every file goes into the fingerprint. */
export const SOURCE_FOLDERS: readonly string[];
/** Single files that shape the bundle; a missing one counts as missing. */
export const BUILD_FILES: readonly string[];
/** Where the bundles of a checkout go, relative to its root. */
export const CACHE_FOLDER: string;
/** The fingerprint of the sources of the bundle in `root`, as hex. */
export function sourceFingerprint(root: string): string;
/** The bundle for a fingerprint. */
export function bundlePath(root: string, fingerprint: string): string;
/** Bundles main/cli-entry.ts into `outfile` (and its source map) with esbuild. */
export function buildBundle(root: string, outfile: string): Promise<void>;
/** The bundle of the current sources of `root`, built first when there is none. */
export function ensureBundle(root: string, build?: (root: string, outfile: string) => Promise<void>): Promise<string>;
