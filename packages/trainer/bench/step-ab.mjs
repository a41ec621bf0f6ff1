// Before/after of the whole training step: two builds (checkout roots whose packages/*/dist are
// built) trained in child processes that take turns, so that both see the same machine load.
// Prints each build's median ms per step over the runs (wall and CPU time), and the ratios.
//   node packages/trainer/bench/step-ab.mjs <rootA> <rootB> [cnn|mlp] [runs=8] [steps=300]
import { execFileSync } from 'node:child_process';

const [a, b, model = 'cnn', runsArgument = '8', steps = '300'] = process.argv.slice(2);
const child = new URL('./step-time.mjs', import.meta.url).pathname;
const runs = Number(runsArgument);
const timed = { [a]: [], [b]: [] };
for (let run = 0; run < runs; run++) {
  for (const root of run % 2 === 0 ? [a, b] : [b, a]) {
    const out = execFileSync(process.execPath, [child, root, model, steps], { encoding: 'utf8' });
    timed[root].push(JSON.parse(out.trim().split('\n').pop()));
  }
}
const median = (values) => values.slice().sort((x, y) => x - y)[Math.floor(values.length / 2)];
for (const key of ['msPerStep', 'cpuMsPerStep', 'fastTenthMsPerStep']) {
  const [ta, tb] = [timed[a].map((t) => t[key]), timed[b].map((t) => t[key])];
  const [ma, mb] = [median(ta), median(tb)];
  console.log(
    `${model} ${key}: A ${ma.toFixed(3)}  B ${mb.toFixed(3)}  B/A ${(mb / ma).toFixed(3)}`,
  );
  console.log(`  A runs ${ta.map((t) => t.toFixed(3)).join(' ')}`);
  console.log(`  B runs ${tb.map((t) => t.toFixed(3)).join(' ')}`);
}
