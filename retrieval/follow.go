package retrieval

import (
	"fmt"

	"archivist/retrieval/internal/store"
)

// LoadSaved swaps in the saved index when another process has saved a new
// one since this Archive loaded or saved its own (the snapshot file's size
// or modification time changed), and reports whether it did. Processes that
// serve one index folder, such as the shards of a Discord bot, call it every
// few seconds so that an update in any of them (a /reload, or `archivist
// index`) reaches them all. The new index is built aside while queries go on
// and then swapped in, as Update does.
//
// It does nothing without an IndexDir, when the folder holds no snapshot,
// and while an Update of this Archive runs (which starts from the newest
// snapshot anyway). A snapshot that cannot be used (corrupt, or embedded
// with another embedder) leaves the current index serving; it is reported
// by an error once, and not tried again until it changes.
func (a *Archive) LoadSaved() (bool, error) {
	if a.cfg.IndexDir == "" || !a.mu.TryLock() {
		return false, nil
	}
	defer a.mu.Unlock()
	stamp := store.StampOf(a.cfg.IndexDir)
	if stamp == a.stamp || stamp == a.refused || stamp == (store.Stamp{}) {
		return false, nil
	}
	snap, err := store.Load(a.cfg.IndexDir)
	if err == nil && snap.Embedder != a.cfg.EmbedderName {
		err = fmt.Errorf("it was embedded with %s, and this process embeds with %s", snap.Embedder, a.cfg.EmbedderName)
	}
	var ix *index
	if err == nil {
		ix = newIndex(snap)
		err = ix.ready()
	}
	if err != nil {
		a.refused = stamp
		return false, fmt.Errorf("load the index saved in %s by another process: %w", a.cfg.IndexDir, err)
	}
	a.cur.Store(ix)
	a.stamp, a.openNote = stamp, ""
	return true, nil
}
