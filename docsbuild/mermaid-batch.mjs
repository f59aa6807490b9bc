// Render several Mermaid diagrams to SVG in one page of one browser.
//
// Mermaid CLI (`mmdc`) opens a new page for every diagram and loads Mermaid, its ELK, ZenUML
// and tidy-tree plugins, the Font Awesome and KaTeX styles into it again (several megabytes of
// JavaScript served to Chromium and compiled per diagram): most of a diagram's cost. This script
// does what Mermaid CLI's `renderMermaid` does, with the same files, options and defaults, but
// loads the page once and then draws each diagram in it, one after the other (about three
// times faster for the documentation's diagrams).
//
// Compared with Mermaid CLI on every diagram of docs/: the same SVG, but for the numbering of
// sequence diagrams' actor ids (Mermaid keeps that counter in its module, so a second sequence
// diagram drawn in the page numbers its actors on); ids are local to each image, so the drawing
// is the same. (Mermaid CLI itself draws some flowchart edges slightly differently from one run
// to the next.)
//
// usage: node mermaid-batch.mjs PUPPETEER_CONFIG MERMAID_CONFIG DIAGRAMS_JSON OUTPUT_PREFIX
// DIAGRAMS_JSON is a list of diagram sources; diagram N (from 1) is written to
// OUTPUT_PREFIX-N.svg. A diagram Mermaid cannot draw fails the whole run (exit 1).

import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { resolve } from "import-meta-resolve"; // Mermaid CLI's own resolver (package-lock.json)
import puppeteer from "puppeteer";

const here = path.dirname(url.fileURLToPath(import.meta.url));
const cliDir = path.join(here, "node_modules", "@mermaid-js", "mermaid-cli");
// Resolved from Mermaid CLI's own module, as Mermaid CLI resolves them.
const cliModule = url.pathToFileURL(path.join(cliDir, "src", "index.js")).href;
const { Interceptor } = await import(
  url.pathToFileURL(path.join(cliDir, "src", "puppeteerIntercept.js")).href
);

// Mermaid CLI's defaults: theme "default", an 800 x 600 page at scale 1, a white background,
// SVG id "my-svg".
const VIEWPORT = { width: 800, height: 600, deviceScaleFactor: 1 };
const BACKGROUND = "white";
const SVG_ID = "my-svg";
const CSS_IMPORTS = {
  "@fortawesome/fontawesome-free/css/brands.css": 2,
  "@fortawesome/fontawesome-free/css/regular.css": 2,
  "@fortawesome/fontawesome-free/css/solid.css": 2,
  "@fortawesome/fontawesome-free/css/fontawesome.css": 2,
  "katex/dist/katex.css": 2,
};

function bundle(name, file) {
  return path.resolve(path.dirname(url.fileURLToPath(resolve(name, cliModule))), file);
}

function optionalBundle(name, file) {
  try {
    return bundle(name, file);
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ERR_MODULE_NOT_FOUND") {
      return undefined;
    }
    throw error;
  }
}

async function loadMermaid(page) {
  await page.setViewport(VIEWPORT);
  await page.goto(url.pathToFileURL(path.join(cliDir, "dist", "index.html")).href);
  await page.$eval("body", (body, color) => (body.style.background = color), BACKGROUND);
  const interceptor = new Interceptor();
  const intercepted = (file) => interceptor.fileUrlToInterceptUrl(url.pathToFileURL(file));
  const tidyTree = optionalBundle("@mermaid-js/layout-tidy-tree", "mermaid-layout-tidy-tree.esm.mjs");
  const urls = {
    mermaid: await intercepted(bundle("mermaid", "mermaid.esm.mjs")),
    elk: await intercepted(bundle("@mermaid-js/layout-elk", "mermaid-layout-elk.esm.mjs")),
    zenuml: await intercepted(bundle("@mermaid-js/mermaid-zenuml", "mermaid-zenuml.esm.mjs")),
    tidyTree: tidyTree ? await intercepted(tidyTree) : undefined,
  };
  page.on("request", interceptor.interceptRequestHandler);
  await page.setRequestInterception(true);
  await Promise.all(
    Object.entries(CSS_IMPORTS).map(async ([css, level]) => {
      const cssUrl = await interceptor.fileUrlToInterceptUrl(new URL(resolve(css, cliModule)), {
        allowParentDirectoryLevel: level,
      });
      await page.addStyleTag({ url: cssUrl });
    }),
  );
  await page.evaluate(async (urls) => {
    const { default: mermaid } = await import(urls.mermaid);
    const { default: elkLayouts } = await import(urls.elk);
    const { default: zenuml } = await import(urls.zenuml);
    const { default: tidyTree } = urls.tidyTree ? await import(urls.tidyTree) : { default: undefined };
    await Promise.all(Array.from(document.fonts, (font) => font.load()));
    await mermaid.registerExternalDiagrams([zenuml]);
    mermaid.registerLayoutLoaders([...elkLayouts, ...(tidyTree ?? [])]);
    window.obrailMermaid = mermaid;
  }, urls);
}

async function render(page, definition, mermaidConfig) {
  return page.$eval(
    "#container",
    async (container, { definition, mermaidConfig, svgId, background }) => {
      const mermaid = window.obrailMermaid;
      container.replaceChildren(); // as in a new page: not even the previous diagram
      mermaid.initialize({ startOnLoad: false, ...mermaidConfig });
      const { svg: svgText } = await mermaid.render(svgId, definition, container);
      container.innerHTML = svgText;
      const svg = container.getElementsByTagName("svg")[0];
      svg.style.backgroundColor = background;
      return new XMLSerializer().serializeToString(svg);
    },
    { definition, mermaidConfig, svgId: SVG_ID, background: BACKGROUND },
  );
}

async function main([puppeteerConfigFile, mermaidConfigFile, diagramsFile, outputPrefix]) {
  const puppeteerConfig = {
    headless: "shell",
    ...JSON.parse(fs.readFileSync(puppeteerConfigFile, "utf-8")),
  };
  const mermaidConfig = {
    theme: "default",
    ...JSON.parse(fs.readFileSync(mermaidConfigFile, "utf-8")),
  };
  const diagrams = JSON.parse(fs.readFileSync(diagramsFile, "utf-8"));
  const browser = await puppeteer.launch(puppeteerConfig);
  try {
    const page = await browser.newPage();
    page.on("console", (message) => console.warn(message.text()));
    await loadMermaid(page);
    for (const [index, definition] of diagrams.entries()) {
      const svg = await render(page, definition, mermaidConfig);
      fs.writeFileSync(`${outputPrefix}-${index + 1}.svg`, svg, "utf-8");
    }
  } finally {
    await browser.close();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
