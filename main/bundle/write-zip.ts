/**
 * Writes the bundle's zip (fflate) without ever leaving a half-written file: the archive goes to a
 * temporary file in the target folder, which is renamed into place only when complete. Failures
 * come back with a stable code and a sentence the user can act on.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsPromises } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { strToU8, zipSync } from 'fflate';

/** Why the bundle could not be written. */
export class BundleError extends Error {
  constructor(
    readonly code:
      'BUNDLE_NO_FOLDER' | 'BUNDLE_NO_PERMISSION' | 'BUNDLE_DISK_FULL' | 'BUNDLE_NOT_A_FOLDER' | 'BUNDLE_WRITE_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

/** The file operations the writer uses (tests inject failures). */
export interface ZipFs {
  writeFile(path: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

const realFs: ZipFs = {
  writeFile: (path, data) => fsPromises.writeFile(path, data, { flag: 'wx' }),
  rename: (from, to) => fsPromises.rename(from, to),
  unlink: (path) => fsPromises.unlink(path),
};

function explain(error: NodeJS.ErrnoException, target: string): BundleError {
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
    default:
      return new BundleError('BUNDLE_WRITE_FAILED', `could not write ${target}: ${error.code ?? error.message}`);
  }
}

/** Zips `files` (path inside the zip → text or bytes) to `target`, atomically. */
export async function writeZip(
  target: string,
  files: Record<string, string | Uint8Array>,
  fs: ZipFs = realFs,
  now = new Date(),
): Promise<void> {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [name, content] of Object.entries(files)) {
    entries[name] = [typeof content === 'string' ? strToU8(content) : content, { mtime: now }];
  }
  const data = zipSync(entries, { level: 6 });
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, target);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw explain(error as NodeJS.ErrnoException, target);
  }
}
