'use strict';
// Preloaded into each process that bench/cli.ts spawns: prints the peak resident memory on exit.
process.on('exit', () => process.stderr.write(`cnai-bench-max-rss-kib=${process.resourceUsage().maxRSS}\n`));
