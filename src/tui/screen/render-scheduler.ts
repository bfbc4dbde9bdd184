/**
 * At most one render per frame interval, and none at all while nothing asks for one: a burst of a
 * thousand events costs one frame, and an idle workspace costs nothing.
 */
export class RenderScheduler {
  private timer: NodeJS.Timeout | undefined;
  private lastRenderAt = 0;
  private stopped = false;

  constructor(
    private readonly render: () => void,
    private readonly frameMs = 1000 / 30,
  ) {}

  request(): void {
    if (this.timer || this.stopped) return;
    // Timers fire on whole milliseconds, so round the wait up: rounding down would make 30 fps into 30.3.
    const wait = Math.max(0, Math.ceil(this.lastRenderAt + this.frameMs - performance.now()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastRenderAt = performance.now();
      this.render();
    }, wait);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
