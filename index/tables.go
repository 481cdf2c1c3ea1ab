package index

import (
	"context"

	gongkai "github.com/gongkai/gongkai"
)

// TableReader is an index that can read the entries of a filter for a
// table of their figures (an XLSX workbook) without the rest of them. A
// report's facts carry their provenance and its checks their workings,
// and with its text they are most of what is stored; a workbook shows
// none of it.
type TableReader interface {
	// EachTable calls visit for every entry f keeps, in the order of
	// Search, with of each what TableFields name; whatever else an entry
	// holds may be left out.
	EachTable(ctx context.Context, f Filter, visit func(*gongkai.Entry) error) error
}

// TableFields are the JSON paths of a gongkai.Entry that EachTable keeps:
// the entry's id, region, level, URL and body; the report's office, year,
// template and dates; its facts' keys and values; its checks' ids and
// statuses (FailedChecks).
var TableFields = []string{
	"id", "region", "level", "url", "body",
	"report.office", "report.year", "report.template", "report.published", "report.signed",
	"report.facts.key", "report.facts.value", "report.checks.id", "report.checks.status",
}
