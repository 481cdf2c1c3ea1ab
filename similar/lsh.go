package similar

import (
	"cmp"
	"math/bits"
	"slices"
)

// Hashes is the number of hash functions of a MinHash signature. The
// estimate's standard error is at most 1/(2√Hashes) = 0.044.
const Hashes = 128

// Bands and Rows split a signature for LSH: two reports become candidates
// when all Rows values of some band agree, which happens with probability
// 1-(1-J^Rows)^Bands for Jaccard similarity J: 0.23 at J = 0.3, 0.87 at
// 0.5, 0.9999 at 0.7.
const (
	Bands = 32
	Rows  = Hashes / Bands
)

// MaxCandidates caps the comparisons made for one report (a pair sharing
// several bands counts once a band), so that a year in which thousands of
// bodies print the same text (buckets holding them all) costs
// MaxCandidates comparisons per report, not the square of the bucket: each
// of them is as close as the next.
const MaxCandidates = 64

// Signature is a narrative's MinHash: for each of Hashes hash functions, the
// least value it takes over the shingles.
type Signature [Hashes]uint64

// seeds are the hash functions' keys, drawn once from a fixed seed.
var seeds = func() (s [Hashes]uint64) {
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x = mix(x + uint64(i))
		s[i] = x
	}
	return s
}()

// mix is splitmix64's finaliser: a bijection of 64-bit words whose output
// bits each depend on every input bit.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// Signature computes the narrative's MinHash signature. A narrative with no
// shingles has every value at the maximum; it estimates 1 against another
// such, and LSH pairs those, which Closest then skips.
func (d *Doc) Signature() Signature {
	var sig Signature
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for h := range d.set {
		for i, s := range seeds {
			if v := mix(h ^ s); v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// Jaccard estimates the Jaccard similarity of the two narratives: the share
// of hash functions whose least values agree.
func (s *Signature) Jaccard(o *Signature) float64 {
	same := 0
	for i := range s {
		if s[i] == o[i] {
			same++
		}
	}
	return float64(same) / Hashes
}

// Item is one report of a year for Closest.
type Item struct {
	ID    string
	Body  string // who published it: reports of one body are not each other's closest
	Sig   Signature
	Empty bool // the narrative has no counted sentence
}

// Match is the closest other body's report found for an item: its index in
// the items, or -1 when no report of another body shares a band with it.
type Match struct {
	Other   int
	Jaccard float64 // estimated from the signatures
}

// Closest finds for each item the report of another body (another Body)
// whose signature agrees most with it (ties to the smaller ID), among those
// that share a band (LSH):
// the time grows with len(items) × Bands (a sort of the band keys), and a
// pair below Jaccard 0.3 is rarely found — such a report has no close copy.
func Closest(items []Item) []Match {
	type slot struct {
		key  uint64
		item int32
	}
	slots := make([]slot, 0, len(items)*Bands)
	for i := range items {
		if items[i].Empty {
			continue
		}
		for b := range Bands {
			slots = append(slots, slot{bandKey(&items[i].Sig, b), int32(i)})
		}
	}
	slices.SortFunc(slots, func(a, b slot) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.item, b.item)
	})
	out := make([]Match, len(items))
	for i := range out {
		out[i] = Match{Other: -1}
	}
	looked := make([]int, len(items))
	for start := 0; start < len(slots); {
		end := start + 1
		for end < len(slots) && slots[end].key == slots[start].key {
			end++
		}
		bucket := slots[start:end]
		start = end
		for _, a := range bucket {
			i := a.item
			for _, c := range bucket {
				if looked[i] >= MaxCandidates {
					break
				}
				j := c.item
				if j == i || items[j].Body == items[i].Body {
					continue
				}
				looked[i]++
				if jac := items[i].Sig.Jaccard(&items[j].Sig); out[i].Other < 0 || jac > out[i].Jaccard || (jac == out[i].Jaccard && items[j].ID < items[out[i].Other].ID) {
					out[i] = Match{Other: int(j), Jaccard: jac}
				}
			}
		}
	}
	return out
}

// bandKey hashes band b of a signature, with b, into one bucket key.
func bandKey(s *Signature, b int) uint64 {
	k := mix(uint64(b) + 1)
	for _, v := range s[b*Rows : (b+1)*Rows] {
		k = mix(bits.RotateLeft64(k, 17) ^ v)
	}
	return k
}
