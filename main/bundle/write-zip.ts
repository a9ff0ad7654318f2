/**
 * Writes the bundle's zip (fflate) without ever leaving a half-written file and without ever
 * writing through something that is not ours: the archive goes to a new temporary file in the
 * target folder (exclusive create, no link followed), then takes the target's name. Without
 * `force` that is a hard link, which fails if anything appeared at the target meanwhile; with
 * `force` it is a rename, after checking once more that the target is still a regular file or
 * absent. Neither follows a link at the target. Failures come back with a stable code and a
 * sentence the user can act on.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fsPromises, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { strToU8, zipSync } from 'fflate';

/** Why the bundle could not be written. */
export class BundleError extends Error {
  constructor(
    readonly code:
      | 'BUNDLE_NO_FOLDER'
      | 'BUNDLE_NO_PERMISSION'
      | 'BUNDLE_DISK_FULL'
      | 'BUNDLE_NOT_A_FOLDER'
      | 'BUNDLE_EXISTS'
      | 'BUNDLE_UNSAFE_TARGET'
      | 'BUNDLE_WRITE_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

/** What is at a path; 'not-a-folder': a file stands where a folder of the path should be. */
export type EntryKind = 'missing' | 'file' | 'folder' | 'symlink' | 'special' | 'not-a-folder';

function kindOf(stats: Stats): EntryKind {
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isDirectory()) return 'folder';
  if (stats.isFile()) return 'file';
  return 'special'; // FIFO, character or block device, socket
}

/** What is at `path`, without following a link there (lstat). */
export async function entryKind(path: string): Promise<EntryKind> {
  try {
    return kindOf(await fsPromises.lstat(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') return 'not-a-folder';
    throw error;
  }
}

/** The file operations the writer uses (tests inject failures and races). */
export interface ZipFs {
  /** Creates `path`, which must not exist (O_EXCL, O_NOFOLLOW), and writes `data` to it. */
  createExclusive(path: string, data: Uint8Array): Promise<void>;
  entryKind(path: string): Promise<EntryKind>;
  /** Gives `from` the new name `to`; fails with EEXIST when `to` exists. */
  link(from: string, to: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

const realFs: ZipFs = {
  async createExclusive(path, data) {
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
    const handle = await fsPromises.open(path, flags, 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  entryKind,
  link: (from, to) => fsPromises.link(from, to),
  rename: (from, to) => fsPromises.rename(from, to),
  unlink: (path) => fsPromises.unlink(path),
};

function explain(error: NodeJS.ErrnoException, target: string): BundleError {
  if (error instanceof BundleError) return error;
  const folder = dirname(target);
  switch (error.code) {
    case 'ENOENT':
      return new BundleError('BUNDLE_NO_FOLDER', `the folder ${folder} does not exist`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new BundleError('BUNDLE_NO_PERMISSION', `no permission to write in ${folder}`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new BundleError('BUNDLE_DISK_FULL', `the disk holding ${folder} is full`);
    case 'ENOTDIR':
    case 'EISDIR':
      return new BundleError('BUNDLE_NOT_A_FOLDER', `${target} is not a file path inside a folder`);
    case 'EEXIST':
      return new BundleError('BUNDLE_EXISTS', `${target} appeared while the bundle was written; it was left alone`);
    default:
      return new BundleError('BUNDLE_WRITE_FAILED', `could not write ${target}: ${error.code ?? error.message}`);
  }
}

/** File systems without hard links (FAT, some network shares) answer link() with one of these. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

async function checkTarget(fs: ZipFs, target: string, force: boolean): Promise<void> {
  const kind = await fs.entryKind(target);
  if (kind === 'missing' || (kind === 'file' && force)) return;
  if (kind === 'file') throw explain(Object.assign(new Error('EEXIST'), { code: 'EEXIST' }), target);
  throw new BundleError(
    'BUNDLE_UNSAFE_TARGET',
    `${target} became a ${kind} while the bundle was written; it was left alone`,
  );
}

async function moveIntoPlace(fs: ZipFs, temp: string, target: string, force: boolean): Promise<void> {
  // Checked again just before: the path was fine before the run, but anything can be swapped in.
  await checkTarget(fs, target, force);
  if (force) return fs.rename(temp, target);
  try {
    await fs.link(temp, target);
  } catch (error) {
    if (!NO_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await checkTarget(fs, target, false);
    return fs.rename(temp, target);
  }
  await fs.unlink(temp).catch(() => undefined); // the bundle is in place either way
}

/** Options of writeZip. */
export interface WriteZipOptions {
  /** Replace an existing regular file at the target (never anything else). */
  force?: boolean;
  fs?: ZipFs;
  /** Time stamp of the entries. */
  now?: Date;
}

/** Zips `files` (path inside the zip → text or bytes) to `target`, atomically. */
export async function writeZip(
  target: string,
  files: Record<string, string | Uint8Array>,
  options: WriteZipOptions = {},
): Promise<void> {
  const fs = options.fs ?? realFs;
  const now = options.now ?? new Date();
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [name, content] of Object.entries(files)) {
    entries[name] = [typeof content === 'string' ? strToU8(content) : content, { mtime: now }];
  }
  const data = zipSync(entries, { level: 6 });
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await fs.createExclusive(temp, data);
  } catch (error) {
    // EEXIST: the name was someone else's and nothing was created; otherwise remove what was.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await fs.unlink(temp).catch(() => undefined);
    throw explain(error as NodeJS.ErrnoException, target);
  }
  try {
    await moveIntoPlace(fs, temp, target, options.force ?? false);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw explain(error as NodeJS.ErrnoException, target);
  }
}
