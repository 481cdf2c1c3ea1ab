package grid

import "regexp"

// Tables rebuilt from alignment run over page breaks: the header printed at
// the foot of one page belongs to the rows that begin the next, and a label
// wrapped over the break continues its row. Every reader with pages (PDF,
// column-aligned text with its form feeds) first reads each page on its
// own, then reads the lines of the pages an unruled table runs over again
// as one text with Stream, page numbers left out. This file holds what
// they share: which pages run together and what a page number is.

// Runs groups pages 0..n-1 into runs of consecutive pages read as one:
// page i and page i+1 belong to one run when open(i) says a table rebuilt
// from alignment may run from page i onto page i+1. Each run is its first
// and last page; pages on their own are left out.
func Runs(n int, open func(i int) bool) (runs [][2]int) {
	for i := 0; i < n-1; {
		j := i
		for j+1 < n && open(j) {
			j++
		}
		if j > i {
			runs = append(runs, [2]int{i, j})
		}
		i = j + 1
	}
	return runs
}

var pageNumber = regexp.MustCompile(`^[-—–－_ ]*(第\s*)?[0-9０-９]+(\s*页)?([/ ]*(共\s*)?[0-9]+\s*页?)?[-—–－_ ]*$`)

// PageNumber reports whether a line is only a page number: "3", "- 3 -",
// "第3页", "3/12", "第 3 页 共 12 页".
func PageNumber(s string) bool { return pageNumber.MatchString(s) }
