// Package gongkai holds the vocabulary every stage shares: a parsed annual
// report (政府信息公开工作年度报告) with its facts, checks, sections and
// narrative figures, and the canonical keys of the national template. It does
// no I/O; ingest, parse and index build on it.
package gongkai

// Report is the canonical record of one published report. Its JSON form is
// the contract of ../shared/spec/schema.md.
type Report struct {
	Source    string    `json:"source"`
	Title     string    `json:"title,omitempty"`
	Office    string    `json:"office"`
	Year      int       `json:"year"`
	Signed    *string   `json:"signed"`              // signing date, YYYY-MM-DD
	Published string    `json:"published,omitempty"` // 发布日期 printed on the page, YYYY-MM-DD
	Template  string    `json:"template"`
	Facts     []Fact    `json:"facts"`
	Checks    []Check   `json:"checks"`
	Sections  []Section `json:"sections"`
	Figures   []Figure  `json:"figures"`
	Warnings  []string  `json:"warnings"`
}

// Fact is one table cell read back as a number.
type Fact struct {
	Key   string   `json:"key"`   // table.row.col
	Value *float64 `json:"value"` // nil for a blank cell: blank is not zero
	Raw   string   `json:"raw"`   // cell text as printed, whitespace collapsed
	At    At       `json:"at"`
}

// At says where a value was printed: page and box for PDF, table/row/col of
// the expanded grid for HTML, line for scraped text. OCR marks text read
// from a picture by OCR, with the engine's Confidence (0–100).
type At struct {
	Page       int         `json:"page,omitempty"`
	Box        *[4]float64 `json:"box,omitempty"`
	Table      *int        `json:"table,omitempty"`
	Row        *int        `json:"row,omitempty"`
	Col        *int        `json:"col,omitempty"`
	Line       int         `json:"line,omitempty"`
	OCR        bool        `json:"ocr,omitempty"`
	Confidence float64     `json:"confidence,omitempty"`
	// Picture names the picture of an HTML report a value was read from,
	// as the page names it (its src); Page and Box are then within it.
	Picture string `json:"picture,omitempty"`
}

// Check statuses.
const (
	Pass    = "pass"
	Fail    = "fail"
	Skipped = "skipped"
)

// Check is the outcome of one accounting identity. Want is what the parts
// add up to, Got the printed figure; a failed check never changes a fact.
type Check struct {
	ID     string   `json:"id"`
	Status string   `json:"status"`
	Want   *float64 `json:"want,omitempty"`
	Got    *float64 `json:"got,omitempty"`
	Keys   []string `json:"keys"`
	Reason string   `json:"reason,omitempty"` // why a check was skipped, or what a narrative check compared
}

// Section is one of the six numbered sections of the report (seven in the
// pre-2019 outline).
type Section struct {
	No    string `json:"no"` // 一 … 六, or 七
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Figure is a number stated in the narrative, such as 受理政府信息公开申请21件.
type Figure struct {
	Name     string  `json:"name"`     // what the figure counts, e.g. applications_received
	Label    string  `json:"label"`    // the words that introduce it, e.g. 主动公开信息数
	Value    float64 `json:"value"`    // the number stated (0 for 未收到…申请)
	Sentence string  `json:"sentence"` // the clause it was read from
	// Part is true for a figure that counts a part of what the tables
	// total (其中…, …占21%, a unit's share stated after the whole), so it
	// is not compared with the table's total.
	Part bool `json:"part,omitempty"`
}

// Fact returns the fact with the given key, or nil when the report has none.
func (r *Report) Fact(key string) *Fact {
	for i := range r.Facts {
		if r.Facts[i].Key == key {
			return &r.Facts[i]
		}
	}
	return nil
}

// FailedChecks returns the checks whose status is Fail.
func (r *Report) FailedChecks() []Check {
	var failed []Check
	for _, c := range r.Checks {
		if c.Status == Fail {
			failed = append(failed, c)
		}
	}
	return failed
}
