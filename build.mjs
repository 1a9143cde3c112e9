// Builds what clasp pushes (dist/) and the Node-side tools (build/local/).
//
// dist/Code.js      the add-on: one IIFE, plus a real top-level function per export of
//                   src/gas/index.ts, because Apps Script only sees top-level functions
//                   (menus, simple triggers and google.script.run all look them up by name)
// dist/Sidebar.html the sidebar: one self-contained file, script and styles inlined
// dist/appsscript.json
// build/local/*.mjs the command line, the local preview and the OpenPhone and QuickBooks mocks
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');
const GLOBAL_NAME = 'ContactEnrichAddOn';

/**
 * Libraries are minified module by module as they are loaded, our own code only compacted: the
 * bundle stays within its budget while stack traces in the Apps Script log still name our functions.
 */
const minifyLibraries = {
  name: 'minify-libraries',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.(c|m)?js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const { code } = await esbuild.transform(source, { minify: true, loader: 'js', target: 'es2019', legalComments: 'none' });
      return { contents: code, loader: 'js' };
    });
  },
};

/**
 * Phone metadata without its formatting rules: the add-on only parses and validates numbers
 * (to E.164), never formats them, and the formats are 50 of the metadata's 83 KB. Parsing and
 * validation read the number patterns, lengths and prefixes, which stay whole.
 */
const phoneMetadataForParsing = {
  name: 'phone-metadata-for-parsing',
  setup(build) {
    build.onLoad({ filter: /[\\/]libphonenumber-js[\\/]metadata\.min\.json\.js$/ }, async (args) => {
      const metadata = JSON.parse(await readFile(args.path.replace(/\.js$/, ''), 'utf8'));
      const FORMATS = 4;
      for (const group of [metadata.countries, metadata.nonGeographic ?? {}]) {
        for (const entry of Object.values(group)) if (Array.isArray(entry) && entry.length > FORMATS) entry[FORMATS] = 0;
      }
      return { contents: `export default ${JSON.stringify(metadata)}`, loader: 'js' };
    });
  },
};

async function buildServer() {
  const entry = path.join(root, 'src/gas/index.ts');
  // First pass only to learn the entry's export names.
  const probe = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    metafile: true,
    logLevel: 'silent',
  });
  const exportsOf = Object.values(probe.metafile.outputs)[0].exports;
  const footer = exportsOf.map((name) => `function ${name}() { return ${GLOBAL_NAME}.${name}.apply(this, arguments); }`).join('\n');
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    outfile: path.join(dist, 'Code.js'),
    format: 'iife',
    globalName: GLOBAL_NAME,
    // papaparse's browser build; the neutral platform cannot resolve its Node stream import.
    platform: 'browser',
    target: 'es2019',
    legalComments: 'none',
    // Minified to stay under the bundle budget (300 KB), with every function's name kept as its
    // `name` (keepNames), which V8 prints in stack traces: the Apps Script execution log still
    // names our functions.
    minify: true,
    keepNames: true,
    footer: { js: footer },
    plugins: [phoneMetadataForParsing, minifyLibraries],
    logLevel: 'warning',
  });
  return exportsOf;
}

async function buildSidebar() {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'sidebar/main.ts')],
    bundle: true,
    write: false,
    plugins: [phoneMetadataForParsing],
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const script = result.outputFiles[0].text;
  if (/<\/script/i.test(script)) throw new Error('sidebar script contains a closing script tag');
  const css = await readFile(path.join(root, 'sidebar/style.css'), 'utf8');
  const template = await readFile(path.join(root, 'sidebar/index.html'), 'utf8');
  // Function replacements: `$` sequences in the bundle must not be read as patterns.
  const html = template.replace('/* STYLE */', () => css).replace('/* SCRIPT */', () => script);
  await writeFile(path.join(dist, 'Sidebar.html'), html);
}

async function buildLocalTools() {
  await esbuild.build({
    entryPoints: {
      cli: path.join(root, 'src/local/cli-main.ts'),
      preview: path.join(root, 'src/local/preview/main.ts'),
      'openphone-mock': path.join(root, 'src/local/openphone-mock/main.ts'),
      'quickbooks-mock': path.join(root, 'src/local/quickbooks-mock/main.ts'),
    },
    bundle: true,
    outdir: path.join(root, 'build/local'),
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

await mkdir(dist, { recursive: true });
const [exportsOf] = await Promise.all([buildServer(), buildSidebar(), buildLocalTools()]);
await copyFile(path.join(root, 'appsscript.json'), path.join(dist, 'appsscript.json'));
if (!process.argv.includes('--quiet')) {
  console.log(`built dist/Code.js (${exportsOf.length} entry points), dist/Sidebar.html, build/local`);
}
