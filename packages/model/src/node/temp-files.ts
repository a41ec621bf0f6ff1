import { randomUUID } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { MODEL_JSON, WEIGHTS_BIN } from '../model-files';
import { isAlive } from './process-alive';

/**
 * The lock file a save holds in its model folder while it writes, holding the saver's pid (see
 * `withSaveLock`); gone once the save ends. A stale one is renamed aside to
 * `.save.lock.<pid>-<8 hex digits>.tmp` before it is removed.
 */
export const SAVE_LOCK = '.save.lock';

/** The file a writability check writes and removes again, before the temporary suffix. */
export const WRITE_PROBE = '.write-probe';

/**
 * `<file>.<pid>-<8 hex digits>.tmp`: the names of the files a save (or a writability check)
 * writes before renaming or removing them. The pid says whose file it is, so a later save can tell
 * the leftovers of a killed process from the files of a save still running.
 */
const TEMP_NAME = new RegExp(
  `^(?:${[MODEL_JSON, WEIGHTS_BIN, `${WEIGHTS_BIN}.link`, WRITE_PROBE, SAVE_LOCK].map(escapeRegExp).join('|')})\\.(\\d+)-[0-9a-f]{8}\\.tmp$`,
);

/** Whether `name` is a temporary file of a save (of any process). */
export function isTempFile(name: string): boolean {
  return TEMP_NAME.test(name);
}

/** A fresh temporary suffix for this process: `.<pid>-<8 hex digits>.tmp`. */
export function tempSuffix(): string {
  return `.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
}

/**
 * Removes the temporary files that saves killed part way (`kill -9`, a crash, a power cut) left in
 * `dir`. Only files whose pid names a process that no longer exists are removed: a save running in
 * another process, or in this one, keeps its files. Failures are ignored, since a leftover file
 * harms nothing but disk space and must not stop the save that tidies up.
 *
 * A pid can be reused by an unrelated process after the one that wrote the file died; its file is
 * then kept until that process ends, the safe side of the mistake.
 */
export async function removeStaleTempFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  // A save killed half way may have left model.json naming its temporary weights: keep those.
  const referenced = await weightFilesNamed(join(dir, MODEL_JSON));
  await Promise.all(
    names.map(async (name) => {
      const pid = Number(TEMP_NAME.exec(name)?.[1]);
      if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) return;
      if (referenced.has(name)) return;
      await rm(join(dir, name), { force: true }).catch(() => undefined);
    }),
  );
}

/** The weight files `model.json` names; none when it is missing or unreadable. */
export async function weightFilesNamed(modelJson: string): Promise<Set<string>> {
  try {
    const text = await readFile(modelJson, 'utf8');
    const { weightsManifest } = JSON.parse(text) as tf.io.ModelJSON;
    return new Set(weightsManifest.flatMap((group) => group.paths));
  } catch {
    return new Set();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
