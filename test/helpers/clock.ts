/** A clock the test moves by hand, so expiry is tested without waiting. */
export class TestClock {
  constructor(public current = Date.parse('2026-11-23T09:00:00Z')) {}
  now = (): number => this.current;
  advance(ms: number): void {
    this.current += ms;
  }
}
