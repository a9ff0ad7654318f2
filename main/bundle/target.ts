/**
 * Where `--bundle PATH` will write, decided before the check runs so that a bad path costs the
 * user nothing: an existing folder (or a path ending in a separator) gets the default name inside
 * it; the folder must exist and accept a new file (tried for real, not with access(), which root
 * and read-only mounts answer wrongly); the target itself must not be a symbolic link, a FIFO, a
 * device, a socket or a folder; an existing file is replaced only with `force`.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fsPromises, type Stats } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { BundlePathProblem, Language } from '../../shared/codes';
import { messages } from '../../shared/messages';
import { defaultBundleName } from './bundle';
import { entryKind } from './write-zip';

/** The answer of resolveBundleTarget: the absolute path to write, or why not (stable code + sentence). */
export type BundleTarget =
  { ok: true; path: string } | { ok: false; reason: BundlePathProblem; message: string; path: string };

/** Options of resolveBundleTarget. */
export interface BundleTargetOptions {
  /** Replace an existing regular file (`--force`). */
  force: boolean;
  /** Host name for the default file name ('redacted' when the bundle is redacted). */
  hostName: string;
  /** Time for the default file name. */
  now: Date;
  /** Language of `message` (English by default). */
  language?: Language;
}

/** Whether a new file can be created in `folder`: creates and removes an empty probe file. */
async function probeFolder(folder: string): Promise<BundlePathProblem | null> {
  let stats: Stats;
  try {
    stats = await fsPromises.stat(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'FOLDER_MISSING' : code === 'ENOTDIR' ? 'NOT_A_FOLDER' : 'NOT_WRITABLE';
  }
  if (!stats.isDirectory()) return 'NOT_A_FOLDER';
  const probe = join(folder, `.voip-fwcheck-probe-${randomBytes(6).toString('hex')}`);
  try {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
    const handle = await fsPromises.open(probe, flags, 0o600);
    await handle.close();
    await fsPromises.unlink(probe);
    return null;
  } catch {
    // EACCES, EPERM, EROFS, and ENOENT from pseudo file systems such as /proc: nothing can go there.
    return 'NOT_WRITABLE';
  }
}

function refuse(reason: BundlePathProblem, path: string, language: Language): BundleTarget {
  const message = messages(language)
    .bundle.path[reason].replaceAll('{path}', path)
    .replaceAll('{folder}', dirname(path));
  return { ok: false, reason, message, path };
}

/**
 * Decides where the bundle goes, before the run. `requested` is the `--bundle` argument; the
 * answer's `path` is absolute. The CLI exits 2 with `message` when `ok` is false.
 */
export async function resolveBundleTarget(requested: string, options: BundleTargetOptions): Promise<BundleTarget> {
  const language = options.language ?? 'en';
  try {
    return await decide(requested, options, language);
  } catch {
    // lstat refused (EACCES on a folder of the path, ELOOP…): nothing can be written there either.
    return refuse('NOT_WRITABLE', resolve(requested), language);
  }
}

async function decide(requested: string, options: BundleTargetOptions, language: Language): Promise<BundleTarget> {
  const asFolder = requested.endsWith('/') || requested.endsWith(sep);
  const absolute = resolve(requested);
  const inFolder = (folder: string) => join(folder, defaultBundleName(options.hostName, options.now));
  let target = absolute;
  let kind = await entryKind(absolute);
  if (asFolder) {
    // A trailing separator always names a folder: never a file called like it.
    if (kind === 'missing') return refuse('FOLDER_MISSING', inFolder(absolute), language);
    target = inFolder(absolute);
  } else if (kind === 'folder') target = inFolder(absolute);
  else if (kind === 'symlink') {
    // A link to a folder given as the folder (a Desktop linked elsewhere) is a folder like any
    // other; a link where the zip would go is refused, dangling or not.
    const pointsAtFolder = await fsPromises.stat(absolute).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!pointsAtFolder) return refuse('SYMLINK', absolute, language);
    target = inFolder(absolute);
  }
  if (target !== absolute) kind = await entryKind(target);
  const problem = await probeFolder(dirname(target));
  if (problem) return refuse(problem, target, language);
  switch (kind) {
    case 'missing':
      return { ok: true, path: target };
    case 'file':
      return options.force ? { ok: true, path: target } : refuse('EXISTS', target, language);
    case 'symlink':
      return refuse('SYMLINK', target, language);
    case 'special':
      return refuse('NOT_A_REGULAR_FILE', target, language);
    case 'folder':
      return refuse('IS_A_FOLDER', target, language);
    case 'not-a-folder':
      return refuse('NOT_A_FOLDER', target, language);
  }
}
