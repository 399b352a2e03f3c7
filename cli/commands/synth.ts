/**
 * `cnai synth FILE --out DIR`: plans a platform file and writes every Kubernetes object, one
 * YAML file per component.
 */
import type { Command } from 'commander';
import { planOptimised } from '../../solver/plan-optimised';
import { parsePlatform } from '../../planner/spec/parse';
import type { CliIo } from '../io';

/**
 * Adds `synth FILE --out DIR` to `program`.
 *
 * Parses and plans the file (exit 1 with the problems when it is invalid or infeasible), renders
 * the manifests and writes them all at once through `io.writeFiles`: on any error nothing is
 * written. Prints one line per file and a total, and writes a README.md listing the Secrets the
 * manifests reference but do not contain, when there are any. Then verifies the rendered objects
 * on the target's nodes (`cnai verify`): exit 1, with the verify table on standard error, when
 * anything would stay Pending.
 */
export function registerSynth(program: Command, io: CliIo, setExit: (c: number) => void): void {
  program
    .command('synth')
    .description('plan a platform file and render every manifest, one file per component')
    .argument('<file>', 'platform file, YAML or JSON')
    .requiredOption('--out <dir>', 'new or empty directory, or an earlier cnai output, to write the manifests to')
    .action(async (file: string, opts: { out: string }) => {
      // a directory that will be refused is refused before planning and rendering, not after
      io.checkOut?.(opts.out, { inputs: [file] });
      const p = await planOptimised(parsePlatform(io.readFile(file), file));
      // cdk8s, the constructs and verify (which renders through them) load only here: the other
      // commands never pay for them
      const [{ manifestFiles, renderObjects }, { requiredSecrets, secretsReadme }, { renderVerifyText, summaryLine, verifyObjects }] = await Promise.all([
        import('../../constructs/platform/render'),
        import('../../constructs/platform/required-secrets'),
        import('../../verify'),
      ]);
      const objects = renderObjects(p);
      const files = manifestFiles(objects);
      const secrets = requiredSecrets(objects);
      io.writeFiles(opts.out, secrets.length > 0 ? { ...files, 'README.md': secretsReadme(secrets) } : files, { inputs: [file] });
      let total = 0;
      for (const name of Object.keys(files).sort()) {
        // one document per object: `manifestFiles` writes `<component>.yaml` from the component's objects
        const n = objects[name.slice(0, -'.yaml'.length)]!.length;
        total += n;
        io.out(`${opts.out}/${name}: ${n} object${n === 1 ? '' : 's'}\n`);
      }
      io.out(`wrote ${total} objects in ${Object.keys(files).length} files to ${opts.out}\n`);
      if (secrets.length > 0) {
        io.out(
          `${opts.out}/README.md: ${secrets.length} Secret${secrets.length === 1 ? '' : 's'} to create first: ${secrets.map((x) => `${x.namespace}/${x.name}`).join(', ')}\n`,
        );
      }
      // the manifests are written either way; the exit code says whether they can all run (cnai
      // verify, over the objects just rendered rather than a second rendering)
      const report = verifyObjects(p, Object.values(objects).flat());
      io.out(`${summaryLine(report)}\n`);
      if (!report.ok) io.err(renderVerifyText(report));
      setExit(report.ok ? 0 : 1);
    });
}
