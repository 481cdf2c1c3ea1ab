package gongkai

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// Entry is what the index holds for one report: the parsed report and what
// the collection knows of where it came from.
type Entry struct {
	ID      string    `json:"id"`
	Report  Report    `json:"report"`
	Region  string    `json:"region,omitempty"` // 行政区划代码 of the publishing body, e.g. 650502
	Level   string    `json:"level,omitempty"`  // province, city, county, street, township, department
	URL     string    `json:"url,omitempty"`    // where the document was published
	SHA256  string    `json:"sha256,omitempty"` // of the raw bytes in the store
	Fetched time.Time `json:"fetched,omitzero"`
	// Versions counts the distinct versions of the document the crawler
	// collected: more than one means it was edited after publication.
	Versions int `json:"versions,omitempty"`
	// Body is the publishing body across its names (body.go), as the
	// sources file's alias table resolved the report's office; zero when
	// the index was not told, and BodyID then falls back to the name.
	Body Body `json:"body,omitzero"`
}

// EntryID is the stable id of a report: the same body, year and source give
// the same id, so indexing a document again replaces it instead of adding it.
func EntryID(office string, year int, source string) string {
	h := sha256.Sum256([]byte(office + "\x00" + strconv.Itoa(year) + "\x00" + source))
	return hex.EncodeToString(h[:12])
}
