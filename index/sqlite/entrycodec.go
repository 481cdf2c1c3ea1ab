package sqlite

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	gongkai "github.com/gongkai/gongkai"
)

// The whole entry (docs.entry) is kept as zlib-compressed JSON at the
// fastest level: it is read only by Get and when the findings are rebuilt,
// and as plain JSON it was about 44 KB of a synthetic report's 92 KB on
// disk, three fifths of it facts with their raw text and cell, and the
// checks. Compressed it is about a seventh of that, for about 0.2 ms of
// processor time a report. An entry stored before, as plain JSON, starts
// with '{', which a zlib stream (first byte 0x78) never does, so both are
// read.

var entryWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed) // a valid level: no error
	return w
}}

// encodeEntry is the stored form of an entry.
func encodeEntry(e *gongkai.Entry) ([]byte, error) {
	var buf bytes.Buffer
	zw := entryWriters.Get().(*zlib.Writer)
	defer entryWriters.Put(zw)
	zw.Reset(&buf)
	if err := json.NewEncoder(zw).Encode(e); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeEntry reads an entry in its stored form, compressed or, stored
// before it was compressed, plain JSON.
func decodeEntry(raw []byte) (*gongkai.Entry, error) {
	var e gongkai.Entry
	if err := decodeStored(raw, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// decodeStored decodes a stored entry into v, a gongkai.Entry or what
// keeps part of one.
func decodeStored(raw []byte, v any) error {
	if len(raw) > 0 && raw[0] == '{' {
		return json.Unmarshal(raw, v)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("stored entry: %w", err)
	}
	defer zr.Close()
	if err := json.NewDecoder(zr).Decode(v); err != nil {
		return fmt.Errorf("stored entry: %w", err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil { // reads to the end: the checksum
		return fmt.Errorf("stored entry: %w", err)
	}
	return nil
}
