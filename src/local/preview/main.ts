/** `npm start`: node build/local/preview.mjs [WORKBOOK.xlsx] [--port N] */
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startPreview } from './server';

const USAGE =
  'Usage: node build/local/preview.mjs [WORKBOOK.xlsx] [--port N]\n  Without a workbook, a demo workbook is built in memory from the sample data.';

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length > 1) throw new Error(`one workbook at most\n${USAGE}`);
  const portText = values.port ?? process.env.PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${portText}"`);

  const preview = await startPreview({ workbookPath: positionals[0], port });
  console.log(`Preview: ${preview.url}`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    preview.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e instanceof Error ? e.message : String(e));
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  console.error(
    /EADDRINUSE/.test(message) ? `${message}\nThe port is taken: choose another with --port N (0 for any free port).` : message,
  );
  process.exit(1);
});
