// Package chunks makes many short strings as parts of a few larger ones. A
// page's numbers and report links, or the figures of a run of departments in the
// open data, were one allocation each, and that was most of what making them cost.
//
// A strings.Builder never changes the bytes it has written, so a slice of what
// String returns stays as it is while more is written; a full chunk is replaced,
// not grown. Chunks double from 512 bytes to 8 KB, so a page with few numbers
// makes a small one.
package chunks

import "strings"

// Strings hands out strings cut from its chunks. The zero value is ready.
type Strings struct {
	chunk strings.Builder
}

// Start makes room for n more bytes, to be written through Builder, and says
// where they begin, for Since.
func (s *Strings) Start(n int) int {
	if s.chunk.Cap()-s.chunk.Len() < n {
		size := max(min(2*s.chunk.Cap(), 8<<10), 512, n)
		s.chunk = strings.Builder{}
		s.chunk.Grow(size)
	}
	return s.chunk.Len()
}

// Builder is where the bytes made room for by Start are written. Writing more
// than that room may start a new chunk, so Since would miss the first part.
func (s *Strings) Builder() *strings.Builder { return &s.chunk }

// Since is what was written since Start returned at.
func (s *Strings) Since(at int) string { return s.chunk.String()[at:] }

// Of is b as a string.
func (s *Strings) Of(b []byte) string {
	at := s.Start(len(b))
	s.chunk.Write(b)
	return s.Since(at)
}
