/**
 * `cnai synth FILE --out DIR`: plans a platform file and writes every Kubernetes object, one
 * YAML file per component.
 */
import type { Command } from 'commander';
import { plan } from '../../planner/plan';
import { parsePlatform } from '../../planner/spec/parse';
import type { CliIo } from '../io';

/** Counts the objects of a multi-document YAML file rendered by `renderManifests`. */
function countObjects(yaml: string): number {
  return yaml.split(/^---$/m).length;
}

/**
 * Adds `synth FILE --out DIR` to `program`.
 *
 * Parses and plans the file (exit 1 with the problems when it is invalid or infeasible), renders
 * the manifests and writes them all at once through `io.writeFiles`: on any error nothing is
 * written. Prints one line per file and a total.
 */
export function registerSynth(program: Command, io: CliIo, setExit: (c: number) => void): void {
  program
    .command('synth')
    .description('plan a platform file and render every manifest, one file per component')
    .argument('<file>', 'platform file, YAML or JSON')
    .requiredOption('--out <dir>', 'new or empty directory, or an earlier cnai output, to write the manifests to')
    .action(async (file: string, opts: { out: string }) => {
      const p = plan(parsePlatform(io.readFile(file), file));
      // cdk8s and the constructs load only here: the other commands never pay for them
      const { renderManifests } = await import('../../constructs/platform/render');
      const files = renderManifests(p);
      io.writeFiles(opts.out, files, { inputs: [file] });
      let total = 0;
      for (const name of Object.keys(files).sort()) {
        const n = countObjects(files[name]!);
        total += n;
        io.out(`${opts.out}/${name}: ${n} object${n === 1 ? '' : 's'}\n`);
      }
      io.out(`wrote ${total} objects in ${Object.keys(files).length} files to ${opts.out}\n`);
      setExit(0);
    });
}
