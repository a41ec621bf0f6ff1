import { readFileSync } from 'node:fs';

/**
 * Whether a process with this pid exists. Signal 0 checks without signalling: ESRCH means no such
 * process; EPERM means one exists that belongs to another user, so it counts as alive.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * When the process `pid` started, in clock ticks since boot (`/proc/PID/stat`, field 22), or
 * undefined where there is no procfs or no such process. With the pid it names one process for
 * good: a pid reused by a later process (common in containers, where every run gets the same low
 * pids) comes with another start time.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
