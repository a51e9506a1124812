import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** CPU and memory of another process, read from /proc (process.cpuUsage only sees this one). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time of `pid`, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / CLK_TCK;
}

/** Resident set size of `pid`, in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

export function loadAverage(): number[] {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}

export interface CpuWindow {
  /** Server CPU as a share of one core (100 = one core busy) since the window opened. */
  stop(): { cpuPercent: number; rssMb: number; peakRssMb: number; harnessCpuPercent: number };
}

/** Opens a measurement window over a child process: its CPU, its RSS (sampled), and our own CPU. */
export function cpuWindow(pid: number): CpuWindow {
  const t0 = performance.now();
  const c0 = cpuMs(pid);
  const h0 = process.cpuUsage();
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      // the process ended; the caller will notice
    }
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      const wall = performance.now() - t0;
      const rss = rssMb(pid);
      const h = process.cpuUsage(h0);
      return {
        cpuPercent: ((cpuMs(pid) - c0) / wall) * 100,
        rssMb: rss,
        peakRssMb: Math.max(peak, rss),
        harnessCpuPercent: ((h.user + h.system) / 1000 / wall) * 100,
      };
    },
  };
}
