package index

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
)

// Deep pages are reached with a keyset cursor, not an offset: a page's
// cursor (Next, Prev) is an opaque token holding the sort values of its
// last (first) row with the key that breaks their ties, and the page after
// (before) it starts from those values through the index's own order —
// SQLite's B-tree, Elasticsearch's search_after — so it costs the same at
// any depth, where an offset makes the index step over every row before
// it. The last page is read from the other end of the order.

// MaxOffset is how deep a page by offset may end (offset + limit) in the
// web API, as in Elasticsearch's max_result_window: deeper pages go by
// cursor (after=, before=, last=1).
const MaxOffset = 10000

// ErrBadCursor is returned for a cursor that is not one an index gave for
// the same sort: a client's error.
var ErrBadCursor = errors.New("翻页游标无效，或不属于此排序：请从第一页重新翻起")

// EncodeCursor makes the token of a row's sort values in the order named
// order (the sort and its direction): strings, finite numbers and nulls.
func EncodeCursor(order string, values []any) (string, error) {
	b, err := json.Marshal(struct {
		Order  string `json:"o"`
		Values []any  `json:"v"`
	}{order, values})
	if err != nil {
		return "", fmt.Errorf("cursor: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// DecodeCursor reads a token of EncodeCursor made for order, with n sort
// values, each a JSON string, number or null.
func DecodeCursor(token, order string, n int) ([]json.RawMessage, error) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return nil, ErrBadCursor
	}
	var c struct {
		Order  string            `json:"o"`
		Values []json.RawMessage `json:"v"`
	}
	if err := json.Unmarshal(b, &c); err != nil || c.Order != order || len(c.Values) != n {
		return nil, ErrBadCursor
	}
	for _, v := range c.Values {
		if len(v) == 0 || bytes.IndexByte([]byte("[{tf"), v[0]) >= 0 {
			return nil, ErrBadCursor
		}
	}
	return c.Values, nil
}

// CursorValue reads one value of a decoded cursor into dst.
func CursorValue(raw json.RawMessage, dst any) error {
	if err := json.Unmarshal(raw, dst); err != nil {
		return ErrBadCursor
	}
	return nil
}

// FindingOrder names the order of a findings query, for its cursors.
func (q *FindingQuery) FindingOrder() string {
	if q.Desc {
		return q.Sort + " desc"
	}
	return q.Sort + " asc"
}

// SearchOrder names the order of search hits, for their cursors: year
// (latest first), office, ID.
const SearchOrder = "search"

// SearchCursor is the cursor of a search hit, the same on every backend.
func SearchCursor(h *Hit) string {
	c, _ := EncodeCursor(SearchOrder, []any{h.Year, h.Office, h.ID}) // a number and two strings always encode
	return c
}

// SearchAfter reads a search cursor's year, office and ID.
func SearchAfter(token string) (year int, office, id string, err error) {
	v, err := DecodeCursor(token, SearchOrder, 3)
	if err != nil {
		return 0, "", "", err
	}
	if err := errors.Join(CursorValue(v[0], &year), CursorValue(v[1], &office), CursorValue(v[2], &id)); err != nil {
		return 0, "", "", ErrBadCursor
	}
	return year, office, id, nil
}

// LastPageSize is how many rows the last page of total holds with pages of
// limit, so that it is the page an offset would reach: pages by cursor and
// by offset end at the same rows.
func LastPageSize(total, limit int) int {
	if total <= 0 || limit <= 0 {
		return 0
	}
	return total - (total-1)/limit*limit
}

// checkPaging refuses more than one way to a page.
func checkPaging(offset int, after, before string, last bool) error {
	n := 0
	for _, set := range []bool{offset > 0, after != "", before != "", last} {
		if set {
			n++
		}
	}
	if n > 1 {
		return errors.New("offset、after、before 与 last 只能用其一")
	}
	return nil
}

// CheckPaging refuses a search that names more than one way to its page.
func (q *Query) CheckPaging() error { return checkPaging(q.Offset, q.After, q.Before, false) }

// PageEnds says whether a page of shown rows out of total has pages
// before and after it, from how it was reached — offset, after or before
// a cursor, or last — and, for a page read by cursor, whether the index
// had more rows beyond it in the direction it read.
func PageEnds(offset int, after, before string, last bool, total, shown int, more bool) (hasPrev, hasNext bool) {
	if shown == 0 {
		return false, false
	}
	switch {
	case last:
		return total > shown, false
	case before != "":
		return more, true
	case after != "":
		return true, more
	}
	return offset > 0, offset+shown < total
}
