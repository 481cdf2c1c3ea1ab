package web

import (
	"net/url"
	"strconv"

	"github.com/gongkai/gongkai/index"
)

// Lists (search hits, findings) page by keyset cursor: a page's links
// carry the cursor of its first or last row (after=, before=), and the
// last page is last=1, each as cheap at any depth. Offsets (offset=, and
// the findings page's page=) still reach the first index.MaxOffset rows,
// as Elasticsearch's max_result_window does, and are refused deeper.
// start= carries the position of a cursor page's first row, only to
// show it: an index cannot count the rows before a cursor cheaply.

// pagingParams are the parameters that say which page of a list is shown.
var pagingParams = []string{"page", "offset", "after", "before", "last", "start"}

// withoutPaging is a copy of v on the first page, with set (name, value
// pairs) set.
func withoutPaging(v url.Values, set ...string) url.Values {
	c := cloneValues(v)
	for _, p := range pagingParams {
		c.Del(p)
	}
	for i := 0; i+1 < len(set); i += 2 {
		c.Set(set[i], set[i+1])
	}
	return c
}

// cursorLink is path with v's filters and sort, on the page after (or
// before) cursor, whose first row is at start (0: unknown).
func cursorLink(path string, v url.Values, param, cursor string, start int) string {
	c := withoutPaging(v, param, cursor)
	if start > 0 {
		c.Set("start", strconv.Itoa(start))
	}
	return path + "?" + c.Encode()
}

// startParam reads start=, 0 when absent or not a position.
func startParam(v url.Values) int {
	n, err := strconv.Atoi(v.Get("start"))
	if err != nil || n < 1 {
		return 0
	}
	return n
}

// deepOffset refuses a page by offset that ends past index.MaxOffset (as
// Elasticsearch refuses from + size past its window, which it could only
// reach by stepping over every hit before), pointing to the cursors; last
// says whether the list has last=1.
func deepOffset(offset, limit int, last bool) error {
	if offset+limit <= index.MaxOffset {
		return nil
	}
	end := ""
	if last {
		end = "，末页用 last=1"
	}
	return badRequest("offset=%d 加 limit=%d 超过 %d：更深的页请按游标翻页——用上一页回答中的 next 作 after=（prev 作 before=）%s", offset, limit, index.MaxOffset, end)
}
