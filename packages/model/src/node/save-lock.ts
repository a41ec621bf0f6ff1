import { link, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SavedModelWriteError } from '../errors';
import { isAlive, processStart } from './process-alive';
import { SAVE_LOCK, tempSuffix } from './temp-files';

/**
 * How long a save waits for another one into the same folder before giving up: far longer than a
 * save takes, short enough that a process stopped while holding the lock is reported.
 */
export const SAVE_LOCK_WAIT_MS = 30_000;

/** An empty lock is one being written, or one whose writer died before writing its pid. */
const EMPTY_LOCK_STALE_MS = 5_000;

/** Saves of this process, per folder, chained so that only one holds the folder's lock at a time. */
const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `write` holding `dir`'s save lock, so that saves into one folder, from any processes, run
 * one after another and the folder's files always come from one save.
 *
 * The lock is `dir/.save.lock`, created exclusively (`O_EXCL`) and holding the pid and the
 * process's start time. A lock whose process no longer exists (a save killed by `kill -9`), or
 * whose pid now belongs to a process started later, is taken over; saves of this process into the
 * same folder wait in a queue rather than on the file.
 *
 * @throws SavedModelWriteError when the lock cannot be created, or another live process holds it
 *   for longer than {@link SAVE_LOCK_WAIT_MS}; what `write` throws.
 */
export async function withSaveLock<T>(dir: string, write: () => Promise<T>): Promise<T> {
  // One key per folder, however it is spelled (relative, through a symbolic link).
  const key = await realpath(dir).catch(() => dir);
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(async () => {
    const lock = join(dir, SAVE_LOCK);
    await acquire(dir, lock);
    try {
      return await write();
    } finally {
      await release(lock);
    }
  });
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  try {
    return await run;
  } finally {
    if (queues.get(key) === tail) queues.delete(key);
  }
}

async function acquire(dir: string, lock: string): Promise<void> {
  const deadline = performance.now() + SAVE_LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, 'wx');
      try {
        await handle.writeFile(lockText());
      } finally {
        await handle.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new SavedModelWriteError(
          dir,
          `Could not save the model to ${dir}: its lock file ${lock} cannot be created ` +
            `(${(error as Error).message}); check that the folder is writable and has free ` +
            'space, then save again.',
          { cause: error },
        );
      }
    }
    const holder = await lockHolder(lock);
    if (holder === 'stale') {
      await takeOver(lock);
      continue;
    }
    if (performance.now() > deadline) {
      throw new SavedModelWriteError(
        dir,
        `Could not save the model to ${dir}: another process (pid ${holder ?? 'unknown'}) has ` +
          `been saving to it for over ${SAVE_LOCK_WAIT_MS / 1000} s (${lock} names it). Wait ` +
          `for that save to end, or, if no save is running, remove ${lock} and save again.`,
      );
    }
    // Jittered, so that two waiting processes do not retry in step.
    await sleep(Math.min(2 + attempt, 20) + Math.random() * 5);
  }
}

/** What a lock of this process holds: `<pid> <start time>` (the start time where known). */
function lockText(): string {
  const start = processStart(process.pid);
  return start === undefined ? `${process.pid}\n` : `${process.pid} ${start}\n`;
}

/** The pid in the lock; 'stale' when its process is gone; undefined while it is being written. */
async function lockHolder(lock: string): Promise<number | 'stale' | undefined> {
  const text = await readFile(lock, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined; // released meanwhile: try again
  const [pidText = '', start] = text.trim().split(' ');
  const pid = Number(pidText);
  if (pidText === '' || !Number.isSafeInteger(pid) || pid <= 0) {
    const age = await stat(lock).then(
      (stats) => Date.now() - stats.mtimeMs,
      () => 0,
    );
    return age > EMPTY_LOCK_STALE_MS ? 'stale' : undefined;
  }
  if (!isAlive(pid)) return 'stale';
  // The pid was reused by a process started after the one that wrote the lock. (This process's
  // own pid with its own start time is a save of another thread: alive.)
  const now = processStart(pid);
  if (start !== undefined && now !== undefined && now !== start) return 'stale';
  return pid;
}

/**
 * Removes a stale lock. It is first renamed aside, so that of two processes taking it over only
 * one removes it; a lock a live process made in the meantime is put back.
 */
async function takeOver(lock: string): Promise<void> {
  const aside = `${lock}${tempSuffix()}`;
  try {
    await rename(lock, aside);
  } catch {
    return; // another process took it over first
  }
  if ((await lockHolder(aside)) !== 'stale') await link(aside, lock).catch(() => undefined);
  await rm(aside, { force: true }).catch(() => undefined);
}

async function release(lock: string): Promise<void> {
  const text = await readFile(lock, 'utf8').catch(() => '');
  if (text === lockText()) await rm(lock, { force: true }).catch(() => undefined);
}
