package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

var (
	errOutside     = errors.New("symbolic link leads outside the corpus")
	errSymlinkLoop = errors.New("too many symbolic links")
)

// Files lists the files of fsys that a parser reads, in path order, with "/"
// separators. Hidden files and folders and unknown extensions are left out
// silently; files that cannot be listed or lead outside fsys are skipped, and
// so is a file that is not a regular file (a named pipe, a device, a socket),
// itself or at the end of its symbolic links: reading one could wait or run
// for ever.
//
// Path order is the byte-wise order of the paths. Symbolic links that stay
// inside fsys are followed, into folders too, and listed under the link's
// own path; a folder reached again through a link inside itself is skipped.
// err is non-nil only when the root of fsys cannot be listed.
func Files(fsys fs.FS) ([]string, []Skipped, error) {
	w := walker{fsys: fsys}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, err
	}
	w.dir(".", ".", entries, []string{"."})
	slices.Sort(w.files)
	slices.SortStableFunc(w.skipped, func(a, b Skipped) int { return strings.Compare(a.Path, b.Path) })
	return w.files, w.skipped, nil
}

// walker collects the files of a walk.
type walker struct {
	fsys    fs.FS
	files   []string
	skipped []Skipped
}

// dir walks the folder shown at the path shown and stored at real, whose
// entries are given; stack holds the real paths of the folders being walked,
// to stop link loops.
func (w *walker) dir(shown, real string, entries []fs.DirEntry, stack []string) {
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		eShown, eReal := path.Join(shown, name), path.Join(real, name)
		isDir, mode := e.IsDir(), e.Type()
		if mode&fs.ModeSymlink != 0 {
			target, err := resolve(w.fsys, eReal)
			if err != nil {
				w.skip(eShown, err)
				continue
			}
			info, err := fs.Stat(w.fsys, target)
			if err != nil {
				w.skip(eShown, err)
				continue
			}
			eReal, isDir, mode = target, info.IsDir(), info.Mode()
		}
		if !isDir {
			if kind, _ := formatOf(name); kind == formatNone {
				continue
			}
			if err := notRegular(mode); err != nil {
				w.skip(eShown, err)
				continue
			}
			w.files = append(w.files, eShown)
			continue
		}
		if slices.Contains(stack, eReal) {
			w.skip(eShown, errors.New("symbolic link loop"))
			continue
		}
		sub, err := fs.ReadDir(w.fsys, eReal)
		if err != nil {
			w.skip(eShown, err)
			if len(sub) == 0 {
				continue
			}
		}
		w.dir(eShown, eReal, sub, append(stack, eReal))
	}
}

func (w *walker) skip(name string, err error) {
	w.skipped = append(w.skipped, Skipped{Path: name, Error: errorText(err)})
}

// resolve follows the symbolic links on the way to name in fsys and returns
// the path they lead to, or errOutside when one of them leads outside fsys.
// An absolute link target counts as outside, since fsys cannot tell where
// its own root lies. A file system that cannot read links has its links
// followed by Open, as it would anyway.
func resolve(fsys fs.FS, name string) (string, error) {
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		return name, nil
	}
	todo := strings.Split(name, "/")
	done := "."
	for hops := 0; len(todo) > 0; {
		next := path.Join(done, todo[0])
		todo = todo[1:]
		info, err := fs.Lstat(fsys, next)
		if err != nil {
			return "", err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			done = next
			continue
		}
		if hops++; hops > 40 {
			return "", errSymlinkLoop
		}
		target, err := fs.ReadLink(fsys, next)
		if err != nil {
			return "", err
		}
		if filepath.IsAbs(target) || path.IsAbs(filepath.ToSlash(target)) {
			return "", errOutside
		}
		joined := path.Join(done, filepath.ToSlash(target))
		if joined == ".." || strings.HasPrefix(joined, "../") {
			return "", errOutside
		}
		todo = append(strings.Split(joined, "/"), todo...)
		done = "."
	}
	return done, nil
}

// notRegular returns an error naming the kind of file mode describes when it
// is neither a regular file nor a folder, and nil otherwise.
func notRegular(mode fs.FileMode) error {
	if mode.IsRegular() || mode.IsDir() {
		return nil
	}
	kind := "special file"
	switch t := mode.Type(); {
	case t&fs.ModeNamedPipe != 0:
		kind = "named pipe"
	case t&fs.ModeSocket != 0:
		kind = "socket"
	case t&fs.ModeCharDevice != 0:
		kind = "character device"
	case t&fs.ModeDevice != 0:
		kind = "device"
	}
	return fmt.Errorf("not a regular file (%s)", kind)
}
