package similar

import (
	"encoding/binary"
	"fmt"
)

// An index keeps each report's signature and its Bands band keys, so that
// the closest report of another body is found among the few reports that
// share a band with it, not by reading the whole year (Closest).

// Print is what an index stores of a report to find its closest other:
// nil for a narrative without a counted sentence, which has none.
type Print struct {
	Sig  Signature
	Keys [Bands]uint64 // the band keys, bandKey of each band
}

// PrintOf computes a report's print from its narrative.
func PrintOf(d *Doc) *Print {
	if len(d.Sentences) == 0 {
		return nil
	}
	sig := d.Signature()
	return &Print{Sig: sig, Keys: sig.BandKeys()}
}

// BandKeys returns the signature's LSH bucket key of each band.
func (s *Signature) BandKeys() (keys [Bands]uint64) {
	for b := range keys {
		keys[b] = bandKey(s, b)
	}
	return keys
}

// Bytes is the signature as stored: Hashes little-endian words.
func (s *Signature) Bytes() []byte {
	out := make([]byte, 0, 8*Hashes)
	for _, v := range s {
		out = binary.LittleEndian.AppendUint64(out, v)
	}
	return out
}

// SignatureFrom reads a signature stored by Bytes.
func SignatureFrom(b []byte) (Signature, error) {
	var s Signature
	if len(b) != 8*Hashes {
		return s, fmt.Errorf("similar: a stored signature of %d bytes, want %d", len(b), 8*Hashes)
	}
	for i := range s {
		s[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return s, nil
}

// Candidate is a report of another body in the same year that shares a
// band with the one whose closest is sought. An index gives at most
// MaxCandidates of them: those sharing the most bands, ties to the
// smaller ID.
type Candidate struct {
	ID, Office string
	Sig        Signature
}

// Nearest picks the candidate whose signature agrees most with sig, ties
// to the smaller ID, as Closest does; nil when there is none.
func Nearest(sig *Signature, year int, cands []Candidate) *Neighbour {
	var best *Neighbour
	for i := range cands {
		c := &cands[i]
		jac := sig.Jaccard(&c.Sig)
		if best == nil || jac > best.Jaccard || (jac == best.Jaccard && c.ID < best.ID) {
			best = &Neighbour{ID: c.ID, Office: c.Office, Year: year, Jaccard: jac}
		}
	}
	return best
}
