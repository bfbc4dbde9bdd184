/**
 * At most one render per frame interval, and none at all while nothing asks for one: a burst of a
 * thousand events costs one frame, and an idle workspace costs nothing. 20 frames a second: a parallel
 * run's twelve streaming panes cost a quarter of a core at 30 (blessed redraws every element each frame),
 * and a keystroke after a pause still renders at once.
 */
export class RenderScheduler {
  private timer: NodeJS.Timeout | undefined;
  private lastRenderAt = 0;
  private stopped = false;

  constructor(
    private readonly render: () => void,
    private readonly frameMs = 1000 / 20,
  ) {}

  request(): void {
    if (this.timer || this.stopped) return;
    // Timers fire on whole milliseconds, so round the wait up: rounding down would make 20 fps into 20.4.
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
