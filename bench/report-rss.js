'use strict';
// Preloaded into each process that bench/cli.ts spawns: prints its peak resident memory and the
// CPU time it used on exit (CPU time stays meaningful on a machine shared with other work).
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`cnai-bench-max-rss-kib=${u.maxRSS} cnai-bench-cpu-us=${u.userCPUTime + u.systemCPUTime}\n`);
});
