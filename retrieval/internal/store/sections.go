package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"runtime"
)

// Format 5 lays the saved index out in sections that queries read in place
// through a memory mapping instead of decoding them into the heap:
//
//	header   the magic, the version (uint32) and 4 zero bytes: 24 bytes
//	sections each at an offset that is a multiple of 8, the gaps zero
//	table    per section: its name (8 bytes), offset and length (uint64),
//	         CRC-32C (uint32) and 4 zero bytes
//	trailer  the table's offset and length (uint64), a CRC-32C of the
//	         header, the table and these 16 bytes (uint32), and trailerMagic
//
// Every byte of the file is checked at open: the header and gaps by value,
// each section and the table by its own checksum. The checks read the file
// in small pieces, not through the mapping, so a check leaves nothing of the
// file resident in the process.
const (
	headerSize   = 24
	entrySize    = 32
	trailerSize  = 24
	trailerMagic = "IX5\n"
	maxSections  = 64
)

// section is one entry of the table.
type section struct {
	name     string
	off, len int64
	crc      uint32
}

// sectionWriter writes a format-5 file: the header, then each section in
// turn, then the table and trailer.
type sectionWriter struct {
	w     io.Writer // buffered
	off   int64
	table []section
}

func newSectionWriter(w io.Writer) (*sectionWriter, error) {
	h := make([]byte, headerSize)
	copy(h, snapshotMagic)
	binary.LittleEndian.PutUint32(h[len(snapshotMagic):], snapshotVersion)
	if _, err := w.Write(h); err != nil {
		return nil, err
	}
	return &sectionWriter{w: w, off: headerSize}, nil
}

// add writes one section, whatever write writes, and records it.
func (sw *sectionWriter) add(name string, write func(w io.Writer) error) error {
	if pad := (8 - sw.off%8) % 8; pad > 0 {
		if _, err := sw.w.Write(make([]byte, pad)); err != nil {
			return err
		}
		sw.off += pad
	}
	cw := &crcCounter{w: sw.w, crc: crc32.New(crcTable)}
	if err := write(cw); err != nil {
		return fmt.Errorf("section %s: %w", name, err)
	}
	sw.table = append(sw.table, section{name: name, off: sw.off, len: cw.n, crc: cw.crc.Sum32()})
	sw.off += cw.n
	return nil
}

// finish writes the table and the trailer.
func (sw *sectionWriter) finish() error {
	if pad := (8 - sw.off%8) % 8; pad > 0 {
		if _, err := sw.w.Write(make([]byte, pad)); err != nil {
			return err
		}
		sw.off += pad
	}
	t := make([]byte, 0, len(sw.table)*entrySize+trailerSize)
	for _, s := range sw.table {
		var name [8]byte
		copy(name[:], s.name)
		t = append(t, name[:]...)
		t = binary.LittleEndian.AppendUint64(t, uint64(s.off))
		t = binary.LittleEndian.AppendUint64(t, uint64(s.len))
		t = binary.LittleEndian.AppendUint32(t, s.crc)
		t = binary.LittleEndian.AppendUint32(t, 0)
	}
	tableLen := len(t)
	t = binary.LittleEndian.AppendUint64(t, uint64(sw.off))
	t = binary.LittleEndian.AppendUint64(t, uint64(tableLen))
	h := make([]byte, headerSize)
	copy(h, snapshotMagic)
	binary.LittleEndian.PutUint32(h[len(snapshotMagic):], snapshotVersion)
	crc := crc32.Update(crc32.Checksum(h, crcTable), crcTable, t)
	t = binary.LittleEndian.AppendUint32(t, crc)
	t = append(t, trailerMagic...)
	_, err := sw.w.Write(t)
	return err
}

// crcCounter passes writes on, counting and checksumming them.
type crcCounter struct {
	w   io.Writer
	crc hash.Hash32
	n   int64
}

func (c *crcCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.crc.Write(p[:n])
	c.n += int64(n)
	return n, err
}

// readTable reads and checks the header, table and trailer of the format-5
// file f of size bytes, and checks every section's checksum and every gap
// between sections by reading f in small pieces. It returns the sections by
// name.
func readTable(f io.ReaderAt, size int64) (map[string]section, error) {
	if size < headerSize+trailerSize {
		return nil, fmt.Errorf("%d bytes", size)
	}
	head := make([]byte, headerSize)
	if _, err := f.ReadAt(head, 0); err != nil {
		return nil, err
	}
	if !bytes.Equal(head[len(snapshotMagic)+4:], make([]byte, headerSize-len(snapshotMagic)-4)) {
		return nil, errors.New("header padding is not zero")
	}
	tr := make([]byte, trailerSize)
	if _, err := f.ReadAt(tr, size-trailerSize); err != nil {
		return nil, err
	}
	if string(tr[20:]) != trailerMagic {
		return nil, errors.New("no trailer: the file is cut short or overwritten")
	}
	tableOff, tableLen := binary.LittleEndian.Uint64(tr), binary.LittleEndian.Uint64(tr[8:])
	if tableLen%entrySize != 0 || tableLen/entrySize > maxSections || tableOff < headerSize || tableOff%8 != 0 ||
		tableOff+tableLen != uint64(size-trailerSize) {
		return nil, fmt.Errorf("table of %d bytes at %d in a %d-byte file", tableLen, tableOff, size)
	}
	t := make([]byte, tableLen+16)
	if _, err := f.ReadAt(t[:tableLen], int64(tableOff)); err != nil {
		return nil, err
	}
	copy(t[tableLen:], tr[:16])
	crc := crc32.Update(crc32.Checksum(head, crcTable), crcTable, t)
	if want := binary.LittleEndian.Uint32(tr[16:]); crc != want {
		return nil, fmt.Errorf("table checksum %08x, want %08x", crc, want)
	}
	out := make(map[string]section, tableLen/entrySize)
	buf := make([]byte, 1<<20)
	end := int64(headerSize) // where the last section ended
	for e := t[:tableLen]; len(e) > 0; e = e[entrySize:] {
		s := section{
			name: string(bytes.TrimRight(e[:8], "\x00")),
			off:  int64(binary.LittleEndian.Uint64(e[8:])),
			len:  int64(binary.LittleEndian.Uint64(e[16:])),
			crc:  binary.LittleEndian.Uint32(e[24:]),
		}
		if s.off < end || s.off-end >= 8 || s.off%8 != 0 || s.len < 0 || s.len > int64(tableOff)-s.off || binary.LittleEndian.Uint32(e[28:]) != 0 {
			return nil, fmt.Errorf("section %q: %d bytes at %d", s.name, s.len, s.off)
		}
		if _, dup := out[s.name]; dup {
			return nil, fmt.Errorf("section %q twice", s.name)
		}
		if err := checkZero(f, end, s.off); err != nil {
			return nil, err
		}
		if err := checkCRC(f, s, buf); err != nil {
			return nil, err
		}
		out[s.name] = s
		end = s.off + s.len
	}
	if int64(tableOff)-end >= 8 {
		return nil, fmt.Errorf("%d bytes before the table belong to no section", int64(tableOff)-end)
	}
	if err := checkZero(f, end, int64(tableOff)); err != nil {
		return nil, err
	}
	return out, nil
}

// checkZero checks that the bytes [from, to) of f, fewer than 8, are zero.
func checkZero(f io.ReaderAt, from, to int64) error {
	if to == from {
		return nil
	}
	b := make([]byte, to-from)
	if _, err := f.ReadAt(b, from); err != nil {
		return err
	}
	for _, c := range b {
		if c != 0 {
			return fmt.Errorf("padding at %d is not zero", from)
		}
	}
	return nil
}

// checkCRC checks section s of f against its checksum, reading it through
// buf.
func checkCRC(f io.ReaderAt, s section, buf []byte) error {
	var crc uint32
	for off := s.off; off < s.off+s.len; {
		n := min(int64(len(buf)), s.off+s.len-off)
		if _, err := f.ReadAt(buf[:n], off); err != nil {
			return err
		}
		crc = crc32.Update(crc, crcTable, buf[:n])
		off += n
	}
	if crc != s.crc {
		return fmt.Errorf("section %q: checksum %08x, want %08x", s.name, crc, s.crc)
	}
	return nil
}

// mapping is a saved index file read into memory: mapped where the system
// can, else read whole. Views into data stay valid while the mapping is
// reachable; a cleanup unmaps it once it is not.
type mapping struct {
	data   []byte
	mapped bool // data is a mapping, not the heap
}

// openMapping maps the file f of size bytes, its sections already checked.
func openMapping(f *os.File, size int64) (*mapping, error) {
	data, unmap, err := mapFile(f, size)
	if err != nil {
		return nil, err
	}
	m := &mapping{data: data, mapped: unmap != nil}
	if unmap != nil {
		runtime.AddCleanup(m, unmap, data)
	}
	return m, nil
}

// bytesOf returns section s's bytes, a view into the mapping.
func (m *mapping) bytesOf(s section) []byte {
	return m.data[s.off : s.off+s.len : s.off+s.len]
}
