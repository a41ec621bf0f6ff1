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
