/**
 * The relay's waits. `wake()` ends the current wakeable wait, or, if none is running, the
 * next one: a commit that lands while a cycle is reading is not missed. `interrupt()`
 * ends any wait (stop).
 */
export class Sleeper {
  private wakeRequested = false;
  private endWakeable?: () => void;
  private endAny?: () => void;

  wake(): void {
    this.wakeRequested = true;
    this.endWakeable?.();
  }

  interrupt(): void {
    this.endAny?.();
  }

  sleep(ms: number, wakeable: boolean): Promise<void> {
    if (wakeable && this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.endWakeable = this.endAny = undefined;
        resolve();
      };
      // unref: a sleeping relay alone must not keep a process (or a test run) alive.
      const timer = setTimeout(end, ms).unref();
      this.endAny = end;
      if (wakeable) {
        this.endWakeable = () => {
          this.wakeRequested = false;
          end();
        };
      }
    });
  }
}
